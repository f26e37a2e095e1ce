import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { SWRConfig } from 'swr';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type { RolloutPhase } from '@supply-chain/plugin-rollouts-common';
import {
  type RolloutsApi,
  rolloutsApiRef,
} from '@supply-chain/plugin-rollouts-react';
import {
  cluster,
  deployment,
  entityRollouts,
  inventoryEntity,
  phaseMessages,
  unannotatedEntity,
} from '../../__fixtures__/rollouts';
import { responseError } from '../../__fixtures__/responseError';
import { EntityRolloutsContent } from './EntityRolloutsContent';

function mockRolloutsApi(overrides: Partial<RolloutsApi> = {}) {
  return {
    getEntityRollouts: jest.fn().mockResolvedValue(entityRollouts()),
    getDeploymentRollout: jest.fn(),
    getEntityMLModels: jest.fn(),
    getMLModels: jest.fn(),
    getClusters: jest.fn(),
    runAction: jest.fn(),
    ...overrides,
  } as jest.Mocked<RolloutsApi>;
}

async function renderTab(options: {
  api: RolloutsApi;
  allow?: boolean;
  entity?: Entity;
  signals?: { subscribe: jest.Mock };
}) {
  const { api, allow = true, entity = inventoryEntity, signals } = options;
  const apis: any[] = [
    [rolloutsApiRef, api],
    mockApis.permission({
      authorize: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    }),
  ];
  if (signals) {
    apis.push([signalApiRef, signals]);
  }
  // usePermission caches answers in SWR's global cache; give each test its own
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <EntityProvider entity={entity}>
        <EntityRolloutsContent />
      </EntityProvider>
    </SWRConfig>,
    { apis: apis as any },
  );
}

describe('EntityRolloutsContent', () => {
  it.each<RolloutPhase>([
    'complete',
    'progressing',
    'paused',
    'stalled',
    'failing',
  ])('shows the %s phase as a chip with its text and message', async phase => {
    const api = mockRolloutsApi({
      getEntityRollouts: jest.fn().mockResolvedValue(
        entityRollouts([
          cluster({
            deployments: [
              deployment({
                phase,
                phaseMessage: phaseMessages[phase],
                paused: phase === 'paused',
              }),
            ],
          }),
        ]),
      ),
    });
    await renderTab({ api });
    expect(await screen.findByText(phase)).toBeInTheDocument();
    expect(screen.getByText(phaseMessages[phase])).toBeInTheDocument();
    expect(api.getEntityRollouts).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'inventory-service',
    });
  });

  it('shows updated, ready and available replicas against desired', async () => {
    await renderTab({ api: mockRolloutsApi() });
    const updated = await screen.findByRole('progressbar', {
      name: 'Updated replicas of inventory-service',
    });
    expect(updated).toHaveAttribute('aria-valuetext', '1 of 3 updated');
    expect(
      screen.getByRole('progressbar', {
        name: 'Ready replicas of inventory-service',
      }),
    ).toHaveAttribute('aria-valuetext', '2 of 3 ready');
    expect(
      screen.getByRole('progressbar', {
        name: 'Available replicas of inventory-service',
      }),
    ).toHaveAttribute('aria-valuenow', '2');
    expect(screen.getByText('1/3')).toBeInTheDocument();
    expect(screen.getAllByText('2/3')).toHaveLength(2);
    expect(
      screen.getByText(/RollingUpdate \(max surge 1, max unavailable 0\)/),
    ).toBeInTheDocument();
  });

  it('shows revisions and pods grouped by revision with failure reasons in words', async () => {
    await renderTab({ api: mockRolloutsApi() });
    const revisions = await screen.findByRole('table', {
      name: 'Revisions of inventory-service',
    });
    expect(within(revisions).getByText('current')).toBeInTheDocument();
    expect(within(revisions).getByText('previous')).toBeInTheDocument();
    expect(
      within(revisions).getByText('your-registry/inventory-service:v1.2.3'),
    ).toBeInTheDocument();
    expect(within(revisions).getByText('3d')).toBeInTheDocument();

    const newPods = screen.getByRole('table', {
      name: 'Revision 4 (v1.3.0), current: 0 of 1 pods ready',
    });
    expect(
      within(newPods).getByText(
        'container inventory-service is restarting after crashing (CrashLoopBackOff), 5 restarts',
      ),
    ).toBeInTheDocument();
    const oldPods = screen.getByRole('table', {
      name: 'Revision 3 (v1.2.3): 1 of 2 pods ready',
    });
    expect(
      within(oldPods).getByText(
        'Pod cannot pull its container image (ImagePullBackOff)',
      ),
    ).toBeInTheDocument();
  });

  it('shows the autoscaler with its metrics and that it is capped', async () => {
    await renderTab({ api: mockRolloutsApi() });
    expect(
      await screen.findByText('3 current, 20 desired replicas (min 2, max 20)'),
    ).toBeInTheDocument();
    expect(screen.getByText('capped')).toBeInTheDocument();
    expect(
      screen.getByText(
        'desired replicas clamped to maxReplicas 20: cpu 180% above target 70%',
      ),
    ).toBeInTheDocument();
    const metrics = screen.getByRole('table', {
      name: 'Metrics of inventory-service-hpa',
    });
    expect(within(metrics).getByText('180%')).toBeInTheDocument();
    expect(within(metrics).getByText('above target')).toBeInTheDocument();
    expect(within(metrics).getByText('at or below target')).toBeInTheDocument();
  });

  it('shows the traffic split between versions', async () => {
    await renderTab({ api: mockRolloutsApi() });
    expect(
      await screen.findByRole('img', {
        name: 'Default traffic: 90% to v1 (v1.2.3), 10% to v2 (v1.3.0)',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('headers version=v2')).toBeInTheDocument();
  });

  it('labels an unreachable cluster while the other clusters render', async () => {
    const api = mockRolloutsApi({
      getEntityRollouts: jest.fn().mockResolvedValue(
        entityRollouts([
          cluster(),
          cluster({
            name: 'prod-eu',
            status: 'unreachable',
            error: 'connect ECONNREFUSED 10.0.0.7:6443',
            lastSyncTime: undefined,
            deployments: [],
          }),
        ]),
      ),
    });
    await renderTab({ api });
    const title = await screen.findByText(/^Cluster prod-eu is unreachable/);
    const banner = title.closest('[role="alert"]');
    expect(banner).toHaveTextContent('connect ECONNREFUSED 10.0.0.7:6443');
    expect(banner).toHaveTextContent('Nothing was read from it yet.');
    expect(
      screen.getByRole('progressbar', {
        name: 'Updated replicas of inventory-service',
      }),
    ).toBeInTheDocument();
  });

  it('shows an error panel with the reason when the backend is down, and retries', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'rollouts backend is starting',
    );
    const api = mockRolloutsApi({
      getEntityRollouts: jest
        .fn()
        .mockRejectedValueOnce(error)
        .mockResolvedValue(entityRollouts()),
    });
    await renderTab({ api });
    expect(
      await screen.findByText(
        'Could not load the rollouts of inventory-service: the cluster or the rollouts backend is unreachable.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Server said: rollouts backend is starting'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('progressing')).toBeInTheDocument();
  });

  it('explains how to annotate an entity without Kubernetes annotations', async () => {
    const api = mockRolloutsApi();
    await renderTab({ api, entity: unannotatedEntity });
    expect(
      screen.getByText('This entity is not linked to any workload'),
    ).toBeInTheDocument();
    expect(api.getEntityRollouts).not.toHaveBeenCalled();
  });

  it('says which selector found no Deployments', async () => {
    const api = mockRolloutsApi({
      getEntityRollouts: jest
        .fn()
        .mockResolvedValue(entityRollouts([cluster({ deployments: [] })])),
    });
    await renderTab({ api });
    expect(await screen.findByText('No Deployments found')).toBeInTheDocument();
    expect(
      screen.getByText(
        /No Deployment in sandbox matches label "backstage.io\/kubernetes-id=inventory-service" in namespace supply-chain/,
      ),
    ).toBeInTheDocument();
  });

  it('hides every action from users who are not permitted', async () => {
    await renderTab({ api: mockRolloutsApi(), allow: false });
    await screen.findByText('progressing');
    for (const name of ['Restart', 'Pause', 'Roll back…', 'Scale…']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });

  it('shows a contested claim naming both claimants and offers no action on it; every writer keeps its buttons', async () => {
    const reason =
      'Deployment supply-chain/inventory-service in cluster sandbox is claimed by component:default/inventory-service (owner group:default/inventory-team) and resource:default/inventory-shadow (owner group:default/ml-team): writes are refused until one claim is removed';
    const api = mockRolloutsApi({
      getEntityRollouts: jest.fn().mockResolvedValue(
        entityRollouts([
          cluster({
            deployments: [
              deployment({
                ownership: {
                  contested: true,
                  reason,
                  writers: [],
                  claims: [],
                },
              }),
              deployment({
                name: 'inventory-worker',
                ownership: {
                  writer: 'resource:default/inventory-model',
                  writers: [
                    'component:default/inventory-service',
                    'resource:default/inventory-model',
                  ],
                  contested: false,
                  reason: 'belongs to component:default/inventory-service',
                  claims: [],
                },
              }),
            ],
          }),
        ]),
      ),
    });
    await renderTab({ api });
    expect(
      await screen.findByText(
        'Claimed by more than one entity: portal actions are blocked',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(reason)).toBeInTheDocument();
    const contested = screen.getByRole('region', { name: 'inventory-service' });
    expect(
      within(contested).queryByRole('button', { name: 'Restart' }),
    ).not.toBeInTheDocument();
    const owned = screen.getByRole('region', { name: 'inventory-worker' });
    expect(
      await within(owned).findByRole('button', { name: 'Restart' }),
    ).toBeInTheDocument();
  });

  it('asks for confirmation saying exactly what a restart does, then shows the result', async () => {
    const api = mockRolloutsApi({
      runAction: jest.fn().mockResolvedValue({
        action: 'restart',
        target: {
          cluster: 'sandbox',
          namespace: 'supply-chain',
          name: 'inventory-service',
        },
        message: 'deployment "inventory-service" restarted',
      }),
    });
    await renderTab({ api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Restart' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Restart inventory-service in cluster sandbox: pods are replaced one at a time (at most 1 extra, at most 0 unavailable), so 3 replicas keep serving while new pods start.',
    );
    expect(api.runAction).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Restart' }),
    );
    await waitFor(() =>
      expect(api.runAction).toHaveBeenCalledWith(
        { kind: 'Component', namespace: 'default', name: 'inventory-service' },
        {
          cluster: 'sandbox',
          namespace: 'supply-chain',
          name: 'inventory-service',
        },
        { type: 'restart' },
      ),
    );
    expect(
      await screen.findByText('deployment "inventory-service" restarted'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // the tab refetches so the result appears without a reload
    expect(api.getEntityRollouts).toHaveBeenCalledTimes(2);
  });

  it('offers resume for a paused rollout and rolls back to the previous revision', async () => {
    const api = mockRolloutsApi({
      getEntityRollouts: jest.fn().mockResolvedValue(
        entityRollouts([
          cluster({
            deployments: [deployment({ paused: true, phase: 'paused' })],
          }),
        ]),
      ),
    });
    await renderTab({ api });
    expect(
      await screen.findByRole('button', { name: 'Resume' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Pause' }),
    ).not.toBeInTheDocument();
    // Kubernetes refuses to restart a paused Deployment
    expect(
      screen.queryByRole('button', { name: 'Restart' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Roll back…' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Roll inventory-service in cluster sandbox back to revision 3 (v1.2.3, your-registry/inventory-service:v1.2.3): a new rollout replaces the pods of revision 4 (v1.3.0, your-registry/inventory-service:v1.3.0) using the RollingUpdate strategy.',
    );
  });

  it('shows why the server refused an action: not allowed', async () => {
    const api = mockRolloutsApi({
      runAction: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            403,
            'NotAllowedError',
            'user:default/guest may not rollouts.restart component:default/inventory-service',
          ),
        ),
    });
    await renderTab({ api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Restart' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Restart' }),
    );
    expect(
      await within(dialog).findByText(
        /You are not allowed to restart inventory-service in cluster sandbox/,
      ),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'Server said: user:default/guest may not rollouts.restart component:default/inventory-service',
    );
  });

  it('tells the user when an autoscaler owns the replicas', async () => {
    const api = mockRolloutsApi({
      getEntityRollouts: jest
        .fn()
        .mockResolvedValue(
          entityRollouts([
            cluster({ deployments: [deployment({ hpa: undefined })] }),
          ]),
        ),
      runAction: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            409,
            'ConflictError',
            'HorizontalPodAutoscaler inventory-service-hpa owns the replicas of inventory-service',
          ),
        ),
    });
    await renderTab({ api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Scale…' }),
    );
    const dialog = await screen.findByRole('dialog');
    const input = within(dialog).getByRole('textbox', { name: 'Replicas' });
    await userEvent.clear(input);
    await userEvent.type(input, '5');
    await userEvent.tab();
    expect(dialog).toHaveTextContent(
      'Scale inventory-service in cluster sandbox from 3 to 5 replicas: 2 pods are added.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Scale' }),
    );
    expect(
      await within(dialog).findByText(
        'Could not scale inventory-service in cluster sandbox: it conflicts with the current state.',
      ),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'Server said: HorizontalPodAutoscaler inventory-service-hpa owns the replicas of inventory-service',
    );
    expect(api.runAction).toHaveBeenCalledWith(
      expect.anything(),
      expect.anything(),
      { type: 'scale', replicas: 5 },
    );
  });

  it('refetches when a signal arrives on the entity channel', async () => {
    let onMessage: (message: object) => void = () => {};
    const signals = {
      subscribe: jest.fn((_channel: string, cb: (m: object) => void) => {
        onMessage = cb;
        return { unsubscribe: jest.fn() };
      }),
    };
    const api = mockRolloutsApi({
      getEntityRollouts: jest
        .fn()
        .mockResolvedValueOnce(entityRollouts())
        .mockResolvedValue(
          entityRollouts([
            cluster({
              deployments: [
                deployment({
                  phase: 'complete',
                  phaseMessage: phaseMessages.complete,
                  updatedReplicas: 3,
                  readyReplicas: 3,
                  availableReplicas: 3,
                }),
              ],
            }),
          ]),
        ),
    });
    await renderTab({ api, signals });
    expect(await screen.findByText('progressing')).toBeInTheDocument();
    expect(
      screen.getByText('Live: updates arrive as the clusters change.', {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(signals.subscribe).toHaveBeenCalledWith(
      'rollouts:entity:component:default/inventory-service',
      expect.any(Function),
    );
    onMessage({
      type: 'changed',
      entityRef: 'component:default/inventory-service',
      clusters: ['sandbox'],
    });
    expect(await screen.findByText('complete')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', {
        name: 'Updated replicas of inventory-service',
      }),
    ).toHaveAttribute('aria-valuetext', '3 of 3 updated');
  });

  it('keeps showing the last data, marked stale, when a refresh fails', async () => {
    let onMessage: (message: object) => void = () => {};
    const signals = {
      subscribe: jest.fn((_channel: string, cb: (m: object) => void) => {
        onMessage = cb;
        return { unsubscribe: jest.fn() };
      }),
    };
    const api = mockRolloutsApi({
      getEntityRollouts: jest
        .fn()
        .mockResolvedValueOnce(entityRollouts())
        .mockRejectedValue(new TypeError('Failed to fetch')),
    });
    await renderTab({ api, signals });
    expect(await screen.findByText('progressing')).toBeInTheDocument();
    onMessage({ type: 'changed' });
    expect(
      await screen.findByText(/^Data is stale: Could not refresh the rollouts/),
    ).toBeInTheDocument();
    expect(screen.getByText('progressing')).toBeInTheDocument();
  });
});
