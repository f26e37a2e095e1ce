import { render, screen, within } from '@testing-library/react';
import { DataTable } from './DataTable';

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
});
