import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { screen, within } from '@testing-library/react';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import homePlugin from '@backstage/plugin-home/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { argocdApiRef } from '@supply-chain/plugin-argocd';
import { attentionApiRef } from '@supply-chain/plugin-attention';
import { deploymentMetricsApiRef } from '@supply-chain/plugin-deployment-metrics';
import { rolloutsApiRef } from '@supply-chain/plugin-rollouts';
import { homeModule } from './homeModule';

/** The app's own `app.extensions`, so the test sees the widgets the portal enables. */
const appExtensions = parse(
  readFileSync(resolve(__dirname, '../../../../../app-config.yaml'), 'utf8'),
).app.extensions;

const inventoryService = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'inventory-service',
    title: 'Inventory Service',
    annotations: {
      'backstage.io/kubernetes-id': 'inventory-service',
      'argocd/app-name': 'inventory-service',
    },
  },
  spec: { type: 'service', owner: 'group:default/inventory-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/inventory-team' }],
};

/** The page, its layout and its widgets load lazily: the first render compiles them. */
const LAZY = { timeout: 30_000 };

function renderHome() {
  const getProblems = jest.fn().mockResolvedValue({
    problems: [
      {
        id: 'rollout-stalled:sandbox/supply-chain/order-service',
        kind: 'rollout-stalled',
        severity: 'error',
        since: new Date(Date.now() - 60_000).toISOString(),
        entityRef: 'component:default/order-service',
        ownerRef: 'group:default/fulfillment-team',
        subject: 'sandbox/supply-chain/Deployment order-service',
        title: 'order-service: rollout stalled',
        reason: 'ProgressDeadlineExceeded',
        link: '/catalog/default/component/order-service/rollouts',
        mine: false,
      },
    ],
    sources: [],
    evaluatedAt: new Date().toISOString(),
  });
  const getEntityRollouts = jest.fn().mockResolvedValue({
    entityRef: 'component:default/inventory-service',
    channel: 'rollouts:x',
    clusters: [
      {
        name: 'sandbox',
        status: 'synced',
        since: new Date().toISOString(),
        deployments: [
          {
            cluster: 'sandbox',
            namespace: 'supply-chain',
            name: 'inventory-service',
            phase: 'complete',
            phaseMessage:
              'deployment "inventory-service" successfully rolled out',
          },
        ],
      },
    ],
  });
  const getApplications = jest.fn().mockResolvedValue({
    entityRef: 'component:default/inventory-service',
    annotated: true,
    instances: [],
    applications: [
      {
        name: 'inventory-service',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
      },
    ],
  });
  const getRollouts = jest.fn().mockResolvedValue({
    window: { from: '', to: '' },
    syncs: [],
    rollouts: [
      {
        cluster: 'sandbox',
        namespace: 'supply-chain',
        deployment: 'shipping-service',
        deploymentUid: 'u1',
        toRevision: 3,
        fromRevision: 2,
        version: 'v1.9.0',
        images: [],
        startedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
        outcome: 'in-progress',
        clockSkew: false,
        rollback: false,
        desiredReplicas: 2,
        minAvailableReplicas: 2,
      },
    ],
  });
  const getEntities = jest
    .fn()
    .mockResolvedValue({ items: [inventoryService] });
  renderTestApp({
    features: [homePlugin, homeModule],
    config: { app: { extensions: appExtensions } },
    initialRouteEntries: ['/'],
    apis: [
      [attentionApiRef, { getProblems }],
      [rolloutsApiRef, { getEntityRollouts }],
      [argocdApiRef, { getApplications }],
      [deploymentMetricsApiRef, { getRollouts }],
      catalogApiMock.mock({
        getEntities,
        getEntitiesByRefs: jest.fn().mockResolvedValue({ items: [] }),
      }),
      mockApis.identity({
        userEntityRef: 'user:default/aisha.bello',
        ownershipEntityRefs: [
          'user:default/aisha.bello',
          'group:default/inventory-team',
        ],
      }),
    ],
  });
  return { getEntities };
}

jest.setTimeout(180_000);

describe('the home page', () => {
  it("shows what needs attention, the user's services, recent deployments and the templates", async () => {
    const { getEntities } = renderHome();

    const attention = await screen.findByRole(
      'region',
      { name: 'Needs attention' },
      LAZY,
    );
    expect(
      await within(attention).findByRole('listitem', {
        name: 'order-service: rollout stalled',
      }),
    ).toBeInTheDocument();

    // each widget is loaded lazily, on its own: on a busy machine one may come long after another
    const services = await screen.findByRole(
      'region',
      { name: 'Your services' },
      LAZY,
    );
    expect(
      await within(services).findByLabelText(
        'Rollout of sandbox/supply-chain/inventory-service: complete',
      ),
    ).toBeInTheDocument();
    expect(within(services).getByLabelText('Sync: Synced')).toBeInTheDocument();
    expect(
      within(services).getByLabelText('Health: Healthy'),
    ).toBeInTheDocument();
    // the user's services: components owned by the user or the user's teams
    expect(getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: {
          kind: 'Component',
          'relations.ownedBy': [
            'user:default/aisha.bello',
            'group:default/inventory-team',
          ],
        },
      }),
    );

    const deployments = await screen.findByRole(
      'region',
      { name: 'Recent deployments' },
      LAZY,
    );
    expect(
      await within(deployments).findByText(
        'sandbox/supply-chain/shipping-service',
      ),
    ).toBeInTheDocument();
    expect(
      within(deployments).getByLabelText('Outcome: in-progress'),
    ).toBeInTheDocument();

    const create = await screen.findByRole('region', { name: 'Create' }, LAZY);
    expect(
      within(create).getByRole('link', {
        name: 'Create a service (Go microservice)',
      }),
    ).toHaveAttribute('href', '/create/templates/default/go-microservice');
    expect(
      within(create).getByRole('link', { name: 'Create an ML model' }),
    ).toHaveAttribute('href', '/create/templates/default/ml-model');
  });

  it("shows none of the generator's widgets (the random joke calls the internet)", async () => {
    renderHome();
    await screen.findByRole('region', { name: 'Needs attention' }, LAZY);
    for (const title of [
      'Random Joke',
      'Toolkit',
      'World Clocks',
      'Getting Started',
      'Most Visited',
      'Recently Visited',
    ]) {
      expect(screen.queryByText(title)).toBeNull();
    }
  });
});
