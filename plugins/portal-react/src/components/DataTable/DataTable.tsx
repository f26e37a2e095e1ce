import type { ReactNode } from 'react';

/**
 * A plain, accessible table (caption, header cells with scope) styled with the
 * design system's tokens. Used for read-only lists where a BUI Table's
 * selection and sorting machinery would add nothing.
 *
 * @public
 */
export function DataTable(props: {
  caption: string;
  /** visually hide the caption (it stays for screen readers) */
  hideCaption?: boolean;
  columns: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
}) {
  const { caption, hideCaption, columns, rows } = props;
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
            {columns.map(column => (
              <th
                key={column}
                scope="col"
                style={{
                  textAlign: 'left',
                  padding: '4px 8px',
                  borderBottom: '1px solid var(--bui-border-2)',
                  color: 'var(--bui-fg-secondary)',
                  fontWeight: 600,
                }}
              >
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(row => (
            <tr key={row.key}>
              {row.cells.map((cell, index) => (
                <td
                  key={columns[index] ?? index}
                  style={{
                    padding: '4px 8px',
                    borderBottom: '1px solid var(--bui-border-1)',
                    verticalAlign: 'top',
                  }}
                >
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
