import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
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

  it('links an entity ref with the title the catalog presents, kind defaulted', async () => {
    await renderInTestApp(
      <EntityLink entity="default/inventory-team" defaultKind="group" />,
      {
        mountedRoutes,
        apis: [
          [
            entityPresentationApiRef,
            {
              forEntity: () => ({
                snapshot: {
                  entityRef: 'group:default/inventory-team',
                  primaryTitle: 'Inventory Team',
                },
                promise: Promise.resolve({
                  entityRef: 'group:default/inventory-team',
                  primaryTitle: 'Inventory Team',
                }),
              }),
            },
          ],
        ],
      },
    );
    expect(
      screen.getByRole('link', { name: 'Inventory Team' }),
    ).toHaveAttribute('href', '/catalog/default/group/inventory-team');
  });

  it('labels an entity ref by its name where no presentation is installed', async () => {
    await renderInTestApp(<EntityLink entity="component:default/orders" />, {
      mountedRoutes,
    });
    expect(screen.getByRole('link', { name: 'orders' })).toHaveAttribute(
      'href',
      '/catalog/default/component/orders',
    );
  });
});
