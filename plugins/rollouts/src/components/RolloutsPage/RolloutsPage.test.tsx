import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  type RolloutsApi,
  rolloutsApiRef,
} from '@supply-chain/plugin-rollouts-react';
import {
  cluster,
  deployment,
  entityRollouts,
  inventoryEntity,
  mlEntity,
  phaseMessages,
} from '../../__fixtures__/rollouts';
import { responseError } from '../../__fixtures__/responseError';
import { RolloutsPage } from './RolloutsPage';

const orderEntity = {
  ...inventoryEntity,
  metadata: {
    ...inventoryEntity.metadata,
    name: 'order-service',
    annotations: { 'backstage.io/kubernetes-id': 'order-service' },
  },
  spec: {
    ...inventoryEntity.spec,
    owner: 'group:default/order-team',
    system: 'system:default/order-management',
  },
};

function render(getEntityRollouts: RolloutsApi['getEntityRollouts']) {
  const catalogApi = catalogApiMock.mock({
    getEntities: jest
      .fn()
      .mockResolvedValue({ items: [inventoryEntity, orderEntity, mlEntity] }),
  });
  return renderInTestApp(<RolloutsPage />, {
    apis: [
      catalogApi,
      [rolloutsApiRef, { getEntityRollouts } as unknown as RolloutsApi],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

const byName: Record<string, ReturnType<typeof entityRollouts>> = {
  'inventory-service': entityRollouts([
    cluster({ deployments: [deployment()] }),
  ]),
  'order-service': entityRollouts([
    cluster({
      deployments: [
        deployment({
          name: 'order-service',
          phase: 'stalled',
          phaseMessage: phaseMessages.stalled.replace(
            'inventory-service',
            'order-service',
          ),
        }),
      ],
    }),
    cluster({
      name: 'prod-eu',
      status: 'unreachable',
      error: 'connect ECONNREFUSED',
      deployments: [],
    }),
  ]),
};

describe('RolloutsPage', () => {
  it('shows what is rolling out now and what is stuck across services', async () => {
    await render(
      jest.fn(async (ref: CompoundEntityRef) => {
        if (ref.name === 'ml-prediction-service') {
          throw await responseError(503, 'Error', 'cache not ready');
        }
        return byName[ref.name];
      }),
    );
    expect(
      await screen.findByText('2 Deployments: 1 rolling out now, 1 stuck.'),
    ).toBeInTheDocument();
    const stuck = screen.getByRole('table', {
      name: 'Stuck (1): stalled or failing',
    });
    // the service and its Deployment share the name
    expect(within(stuck).getAllByText('order-service')).toHaveLength(2);
    expect(within(stuck).getByText('stalled')).toBeInTheDocument();
    const rolling = screen.getByRole('table', {
      name: 'Rolling out now (1)',
    });
    expect(within(rolling).getAllByText('inventory-service')).toHaveLength(2);
    expect(within(rolling).getByText('1/3')).toBeInTheDocument();
    expect(
      within(rolling).getByRole('link', { name: 'inventory-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/inventory-team');
    expect(
      screen.getByText(/^Cluster prod-eu is unreachable/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Could not load the rollouts of ml-prediction-service: the cluster or the rollouts backend is unreachable/,
      ),
    ).toBeInTheDocument();
  });

  it('filters by phase', async () => {
    await render(
      jest.fn(
        async (ref: CompoundEntityRef) =>
          byName[ref.name] ?? entityRollouts([]),
      ),
    );
    await screen.findByText('2 Deployments: 1 rolling out now, 1 stuck.');
    await userEvent.click(screen.getByRole('button', { name: /Phase/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'stalled' }),
    );
    expect(
      await screen.findByText('1 Deployments: 0 rolling out now, 1 stuck.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Nothing is rolling out right now.'),
    ).toBeInTheDocument();
  });

  it('shows an error panel with retry when the backend is down', async () => {
    const getEntityRollouts = jest.fn();
    const catalogApi = catalogApiMock.mock({
      getEntities: jest
        .fn()
        .mockRejectedValue(new TypeError('Failed to fetch')),
    });
    await renderInTestApp(<RolloutsPage />, {
      apis: [
        catalogApi,
        [rolloutsApiRef, { getEntityRollouts } as unknown as RolloutsApi],
      ],
    });
    expect(
      await screen.findByText(
        'Could not load the rollouts of all services: the rollouts backend did not answer.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
