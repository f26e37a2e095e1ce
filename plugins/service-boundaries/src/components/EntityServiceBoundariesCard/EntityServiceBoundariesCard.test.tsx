import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ServiceBoundariesApi, serviceBoundariesApiRef } from '../../api';
import {
  driftReport,
  driftUnavailable,
  entities,
  inventoryBoundary,
} from '../../__fixtures__/serviceBoundaries';
import { EntityServiceBoundariesCard } from './EntityServiceBoundariesCard';

const inventory = entities[0];

function renderCard(api: Partial<ServiceBoundariesApi>) {
  return renderInTestApp(
    <EntityProvider entity={inventory}>
      <EntityServiceBoundariesCard />
    </EntityProvider>,
    {
      apis: [[serviceBoundariesApiRef, api as ServiceBoundariesApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityServiceBoundariesCard', () => {
  it('shows responsibilities, dependencies with owners, dependents, provided APIs and drift', async () => {
    const getBoundary = jest.fn().mockResolvedValue(inventoryBoundary);
    await renderCard({
      getBoundary,
      getDrift: jest.fn().mockResolvedValue(driftReport),
    });

    expect(await screen.findByText('Service boundaries')).toBeInTheDocument();
    expect(
      await screen.findByText('Product catalog management'),
    ).toBeInTheDocument();
    expect(getBoundary).toHaveBeenCalledWith(
      'component:default/inventory-service',
    );

    const dependsOn = screen.getByRole('region', { name: 'Depends on' });
    expect(dependsOn).toHaveTextContent('inventory-db');
    expect(dependsOn).toHaveTextContent('owner inventory-team');

    const dependents = screen.getByRole('region', { name: 'Dependents' });
    expect(dependents).toHaveTextContent(
      'order-service (depends on it; consumes inventory-http)',
    );
    expect(dependents).toHaveTextContent(
      'ml-prediction-service (consumes inventory-http)',
    );

    expect(
      screen.getByRole('region', { name: 'Provided APIs' }),
    ).toHaveTextContent('inventory-http');

    const drift = screen.getByRole('region', { name: 'Drift' });
    expect(drift).toHaveTextContent('Drift: 1 finding');
    expect(drift).toHaveTextContent(
      'cluster.local/ns/supply-chain/sa/admin-sa (no catalog component runs as this service account)',
    );
  });

  it('labels drift unavailable when the clusters are down, and still shows the boundary', async () => {
    await renderCard({
      getBoundary: jest.fn().mockResolvedValue(inventoryBoundary),
      getDrift: jest.fn().mockResolvedValue(driftUnavailable),
    });
    expect(
      await screen.findByText('Drift: cluster data unavailable'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Cluster data unavailable: connect ECONNREFUSED'),
    ).toBeInTheDocument();
    expect(screen.getByText('Stock level tracking')).toBeInTheDocument();
  });

  it('shows the error of a failed load', async () => {
    await renderCard({
      getBoundary: jest
        .fn()
        .mockRejectedValue(
          new Error(
            'No entity component:default/inventory-service in the catalog',
          ),
        ),
      getDrift: jest.fn().mockResolvedValue(driftReport),
    });
    expect(
      await screen.findByText('Could not load service boundaries'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No entity component:default/inventory-service in the catalog',
      ),
    ).toBeInTheDocument();
  });
});
