import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { DataTable, DataTableSort, sortByValue } from './DataTable';

const services = [
  { name: 'a-service', perWeek: 1 },
  { name: 'b-service', perWeek: 5 },
  { name: 'c-service', perWeek: undefined },
];

function SortedServices() {
  const [sort, setSort] = useState<DataTableSort>({
    column: 'name',
    descending: false,
  });
  const rows = sortByValue(
    services,
    s => (sort.column === 'name' ? s.name : s.perWeek),
    sort.descending,
  );
  return (
    <DataTable
      caption="Services"
      columns={[
        { id: 'name', label: 'Service' },
        { id: 'perWeek', label: 'Per week', descendingFirst: true },
        'Note',
      ]}
      sort={sort}
      onSortChange={setSort}
      rows={rows.map(s => ({
        key: s.name,
        header: true,
        cells:
          s.perWeek === undefined
            ? [s.name, 'no deployments']
            : [s.name, String(s.perWeek), '-'],
      }))}
    />
  );
}

const rowHeaders = () =>
  screen.getAllByRole('rowheader').map(c => c.textContent);

describe('DataTable', () => {
  it('has a caption, column headers and a row per entry', () => {
    render(
      <DataTable
        caption="Pods"
        columns={['Name', 'Age']}
        rows={[
          { key: 'a', cells: ['web-1', '3m'] },
          { key: 'b', cells: ['web-2', '5m'] },
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Pods' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(c => c.textContent),
    ).toEqual(['Name', 'Age']);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[2]).getByText('web-2')).toBeInTheDocument();
  });

  it('keeps a hidden caption for screen readers', () => {
    render(
      <DataTable caption="Revisions" hideCaption columns={[]} rows={[]} />,
    );
    expect(
      screen.getByRole('table', { name: 'Revisions' }),
    ).toBeInTheDocument();
  });

  it('sorts by a column with aria-sort, values-less rows last in both directions', async () => {
    render(<SortedServices />);
    expect(rowHeaders()).toEqual(['a-service', 'b-service', 'c-service']);
    expect(
      screen.getByRole('columnheader', { name: /Service/ }),
    ).toHaveAttribute('aria-sort', 'ascending');
    expect(
      screen.getByRole('columnheader', { name: 'Note' }),
    ).not.toHaveAttribute('aria-sort');

    await userEvent.click(screen.getByRole('button', { name: 'Per week' }));
    expect(rowHeaders()).toEqual(['b-service', 'a-service', 'c-service']);
    expect(
      screen.getByRole('columnheader', { name: /Per week/ }),
    ).toHaveAttribute('aria-sort', 'descending');
    expect(
      screen.getByRole('columnheader', { name: /Service/ }),
    ).toHaveAttribute('aria-sort', 'none');

    await userEvent.click(
      screen.getByRole('button', { name: 'Per week ▼ (descending)' }),
    );
    expect(rowHeaders()).toEqual(['a-service', 'b-service', 'c-service']);
  });

  it('lets the last cell of a short row span the remaining columns', () => {
    render(<SortedServices />);
    expect(screen.getByText('no deployments').closest('td')).toHaveAttribute(
      'colspan',
      '2',
    );
    expect(screen.getAllByText('-')[0].closest('td')).not.toHaveAttribute(
      'colspan',
    );
  });
});
