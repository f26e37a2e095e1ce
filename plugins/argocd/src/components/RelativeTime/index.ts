export { RelativeTime, formatRelativeTime } from './RelativeTime';
