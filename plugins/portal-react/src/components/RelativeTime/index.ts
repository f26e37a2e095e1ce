export { RelativeTime, formatAge, formatRelativeTime } from './RelativeTime';
