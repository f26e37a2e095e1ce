import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import type {
  EntityRolloutsResponse,
  RolloutsOverviewResponse,
} from '@supply-chain/plugin-rollouts-common';
import {
  cluster,
  deployment,
  entityRollouts,
  inventoryEntity,
  mlEntity,
  phaseMessages,
} from '../../__fixtures__/rollouts';
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

/** An entity's part of GET /overview/rollouts: its rollouts, or why they could not be read. */
type EntityAnswer =
  | EntityRolloutsResponse
  | { status: number; name: string; message: string };

/** The backend answering GET /overview/rollouts for these entities, counting the requests. */
function overviewBackend(answer: (entity: Entity) => EntityAnswer) {
  const fetch = jest.fn(async (url: string) => {
    expect(url).toBe('http://localhost:7007/api/rollouts/overview/rollouts');
    const body: RolloutsOverviewResponse = {
      entities: [inventoryEntity, orderEntity, mlEntity].map(entity => {
        const summary = {
          entityRef: stringifyEntityRef(entity),
          entity: {
            kind: entity.kind,
            namespace: entity.metadata.namespace ?? 'default',
            name: entity.metadata.name,
            owner: entity.spec?.owner as string,
            system: entity.spec?.system as string,
          },
        };
        const a = answer(entity);
        return 'status' in a
          ? {
              ...summary,
              clusters: [],
              error: {
                error: { name: a.name, message: a.message },
                response: { statusCode: a.status },
              },
            }
          : { ...summary, clusters: a.clusters };
      }),
    };
    return { ok: true, status: 200, json: async () => body };
  });
  return fetch;
}

function render(fetch: jest.Mock) {
  return renderInTestApp(<RolloutsPage />, {
    apis: [
      [fetchApiRef, { fetch }],
      [
        discoveryApiRef,
        { getBaseUrl: async (id: string) => `http://localhost:7007/api/${id}` },
      ],
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
    const fetch = overviewBackend(entity =>
      entity.metadata.name === 'ml-prediction-service'
        ? { status: 503, name: 'Error', message: 'cache not ready' }
        : byName[entity.metadata.name],
    );
    await render(fetch);
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
    // one request per page view, however many entities
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('filters by phase', async () => {
    await render(
      overviewBackend(
        entity => byName[entity.metadata.name] ?? entityRollouts([]),
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
    await render(jest.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    expect(
      await screen.findByText(
        'Could not load the rollouts of all services: the rollouts backend did not answer.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
