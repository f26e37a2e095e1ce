import type { CSSProperties, ReactNode } from 'react';
import { Button } from '@backstage/ui';

/**
 * A column of a {@link DataTable}: a label, or a sortable column with an id.
 *
 * @public
 */
export type DataTableColumn =
  | string
  | {
      id: string;
      label: string;
      /** the first press sorts descending (largest number first) */
      descendingFirst?: boolean;
    };

/**
 * Which column a {@link DataTable} is sorted by.
 *
 * @public
 */
export interface DataTableSort {
  column: string;
  descending: boolean;
}

/**
 * A row of a {@link DataTable}. A row with fewer cells than columns has its
 * last cell span the remaining columns (e.g. "no data" after a name).
 *
 * @public
 */
export interface DataTableRow {
  key: string;
  cells: ReactNode[];
  /** the first cell names the row (a row header) */
  header?: boolean;
}

/**
 * `items` ordered by `value`; items without a value always go last, in
 * either direction.
 *
 * @public
 */
export function sortByValue<T>(
  items: readonly T[],
  value: (item: T) => string | number | undefined,
  descending: boolean,
): T[] {
  return [...items].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === undefined && y === undefined) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    const order =
      typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return descending ? -order : order;
  });
}

const cellStyle: CSSProperties = {
  padding: '4px 8px',
  borderBottom: '1px solid var(--bui-border-1)',
  verticalAlign: 'top',
  textAlign: 'left',
};

const headerStyle: CSSProperties = {
  ...cellStyle,
  borderBottom: '1px solid var(--bui-border-2)',
  verticalAlign: undefined,
  color: 'var(--bui-fg-secondary)',
  fontWeight: 600,
};

function SortableHeader(props: {
  column: Exclude<DataTableColumn, string>;
  sort: DataTableSort;
  onSortChange: (sort: DataTableSort) => void;
}) {
  const { column, sort, onSortChange } = props;
  const active = sort.column === column.id;
  const direction = sort.descending ? 'descending' : 'ascending';
  return (
    <th
      scope="col"
      aria-sort={active ? direction : 'none'}
      style={{ ...cellStyle, borderBottom: headerStyle.borderBottom }}
    >
      <Button
        size="small"
        variant="tertiary"
        onPress={() =>
          onSortChange({
            column: column.id,
            descending: active
              ? !sort.descending
              : Boolean(column.descendingFirst),
          })
        }
      >
        {column.label}
        {active && ` ${sort.descending ? '▼' : '▲'} (${direction})`}
      </Button>
    </th>
  );
}

/**
 * A plain, accessible table (caption, header cells with scope) styled with the
 * design system's tokens. Columns given with an id are sortable when `sort`
 * and `onSortChange` are passed: their headers are buttons with `aria-sort`;
 * the caller orders the rows (see {@link sortByValue}), so what it derives
 * from the order (e.g. a default selection) follows the table.
 *
 * @public
 */
export function DataTable(props: {
  caption: string;
  /** visually hide the caption (it stays for screen readers) */
  hideCaption?: boolean;
  columns: DataTableColumn[];
  rows: DataTableRow[];
  sort?: DataTableSort;
  onSortChange?: (sort: DataTableSort) => void;
}) {
  const { caption, hideCaption, columns, rows, sort, onSortChange } = props;
  return (
    <div style={{ overflowX: 'auto' }}>
      <table
        style={{
          width: '100%',
          borderCollapse: 'collapse',
          fontSize: '0.875rem',
        }}
      >
        <caption
          style={
            hideCaption
              ? {
                  position: 'absolute',
                  width: 1,
                  height: 1,
                  overflow: 'hidden',
                  clip: 'rect(0 0 0 0)',
                }
              : {
                  textAlign: 'left',
                  fontWeight: 600,
                  padding: '4px 0',
                }
          }
        >
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map(column =>
              typeof column !== 'string' && sort && onSortChange ? (
                <SortableHeader
                  key={column.id}
                  column={column}
                  sort={sort}
                  onSortChange={onSortChange}
                />
              ) : (
                <th
                  key={typeof column === 'string' ? column : column.id}
                  scope="col"
                  style={headerStyle}
                >
                  {typeof column === 'string' ? column : column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map(row => (
            <tr key={row.key}>
              {row.cells.map((cell, index) => {
                const last = index === row.cells.length - 1;
                const colSpan =
                  last && row.cells.length < columns.length
                    ? columns.length - index
                    : undefined;
                return row.header && index === 0 ? (
                  <th
                    key={index}
                    scope="row"
                    colSpan={colSpan}
                    style={{ ...cellStyle, fontWeight: 400 }}
                  >
                    {cell}
                  </th>
                ) : (
                  <td key={index} colSpan={colSpan} style={cellStyle}>
                    {cell}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
