export { ArgoCdHistoryTable } from './ArgoCdHistoryTable';
