import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { screen, within } from '@testing-library/react';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import homePlugin from '@backstage/plugin-home/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { attentionApiRef } from '@supply-chain/plugin-attention';
import { deploymentMetricsApiRef } from '@supply-chain/plugin-deployment-metrics';
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
  // "Your services" in one answer: three rows, each part as the server said it
  const getServices = jest.fn().mockResolvedValue({
    argoCdListedAt: new Date().toISOString(),
    services: [
      {
        entityRef: 'component:default/inventory-service',
        entity: {
          kind: 'Component',
          namespace: 'default',
          name: 'inventory-service',
          title: 'Inventory Service',
        },
        rollouts: {
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
        argocd: {
          applications: [
            {
              instance: 'sandbox',
              name: 'inventory-service',
              syncStatus: 'Synced',
              healthStatus: 'Healthy',
            },
          ],
        },
      },
      {
        entityRef: 'component:default/stock-audit',
        entity: {
          kind: 'Component',
          namespace: 'default',
          name: 'stock-audit',
        },
        rollouts: {
          deployments: [
            {
              cluster: 'sandbox',
              namespace: 'supply-chain',
              name: 'stock-audit',
              phase: 'stalled',
              phaseMessage:
                'deployment "stock-audit" exceeded its progress deadline',
            },
          ],
          error: 'cluster staging is unreachable: connect ECONNREFUSED',
        },
        argocd: {
          applications: [
            {
              instance: 'sandbox',
              name: 'stock-audit',
              syncStatus: 'OutOfSync',
              healthStatus: 'Degraded',
            },
          ],
        },
      },
      {
        entityRef: 'component:default/inventory-docs',
        entity: {
          kind: 'Component',
          namespace: 'default',
          name: 'inventory-docs',
        },
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
      [attentionApiRef, { getProblems, getServices }],
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
  return { getEntities, getServices };
}

jest.setTimeout(180_000);

describe('the home page', () => {
  it("shows what needs attention, the user's services, recent deployments and the templates", async () => {
    const { getEntities, getServices } = renderHome();

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
    // (a link to the entity page where the catalog is installed; text here)
    const row = (name: string) =>
      within(services)
        .getAllByRole('row')
        .find(r => r.querySelector('td')?.textContent === name)!;
    expect(
      await within(services).findByLabelText(
        'Rollout of sandbox/supply-chain/inventory-service: complete',
      ),
    ).toBeInTheDocument();
    const inventory = row('Inventory Service');
    expect(
      within(inventory).getByLabelText('Sync: Synced'),
    ).toBeInTheDocument();
    expect(
      within(inventory).getByLabelText('Health: Healthy'),
    ).toBeInTheDocument();
    // a part the server could only partly read says what is missing
    const audit = row('stock-audit');
    expect(
      within(audit).getByLabelText(
        'Rollout of sandbox/supply-chain/stock-audit: stalled',
      ),
    ).toBeInTheDocument();
    expect(
      within(audit).getByText(
        'unavailable: cluster staging is unreachable: connect ECONNREFUSED',
      ),
    ).toBeInTheDocument();
    expect(within(audit).getByLabelText('Sync: OutOfSync')).toBeInTheDocument();
    expect(
      within(audit).getByLabelText('Health: Degraded'),
    ).toBeInTheDocument();
    const docs = row('inventory-docs');
    expect(
      within(docs).getByText('no Kubernetes workloads'),
    ).toBeInTheDocument();
    expect(
      within(docs).getByText('not managed by Argo CD'),
    ).toBeInTheDocument();
    // in order, from one request: the widget asks the catalog nothing itself
    expect(
      within(services)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.querySelector('td')?.textContent),
    ).toEqual(['Inventory Service', 'stock-audit', 'inventory-docs']);
    expect(getServices).toHaveBeenCalledTimes(1);
    expect(getEntities).not.toHaveBeenCalled();

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
