import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { EntityLink } from './EntityLink';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('EntityLink', () => {
  it('links a catalog entity by its title, to a tab when asked', async () => {
    await renderInTestApp(
      <EntityLink
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'inventory-service', title: 'Inventory' },
        }}
        tab="rollouts"
      />,
      { mountedRoutes },
    );
    expect(screen.getByRole('link', { name: 'Inventory' })).toHaveAttribute(
      'href',
      '/catalog/default/component/inventory-service/rollouts',
    );
  });

  it('links a summary by its name, lower-casing kind and namespace', async () => {
    await renderInTestApp(
      <EntityLink
        entity={{ kind: 'Group', namespace: 'Teams', name: 'ml-team' }}
      />,
      { mountedRoutes },
    );
    expect(screen.getByRole('link', { name: 'ml-team' })).toHaveAttribute(
      'href',
      '/catalog/teams/group/ml-team',
    );
  });

  it('shows the label as text where the entity page is not mounted', async () => {
    await renderInTestApp(
      <EntityLink entity={{ kind: 'Component', name: 'orders' }} />,
    );
    expect(screen.getByText('orders')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});
