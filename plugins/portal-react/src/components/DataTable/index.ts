export { DataTable, sortByValue } from './DataTable';
export type { DataTableColumn, DataTableRow, DataTableSort } from './DataTable';
