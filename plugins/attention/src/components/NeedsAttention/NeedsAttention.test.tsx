import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  ATTENTION_SIGNAL_CHANNEL,
  type AttentionProblem,
  type AttentionResponse,
} from '@supply-chain/plugin-attention-common';
import { type AttentionApi, attentionApiRef } from '../../api';
import { NeedsAttention } from './NeedsAttention';

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

function problem(overrides: Partial<AttentionProblem>): AttentionProblem {
  return {
    id: 'rollout-stalled:sandbox/supply-chain/order-service',
    kind: 'rollout-stalled',
    severity: 'error',
    since: minutesAgo(5),
    entityRef: 'component:default/order-service',
    ownerRef: 'group:default/fulfillment-team',
    subject: 'sandbox/supply-chain/Deployment order-service',
    title: 'order-service: rollout stalled',
    reason:
      'ProgressDeadlineExceeded: ReplicaSet "order-service-7d9" has timed out progressing.',
    link: '/catalog/default/component/order-service/rollouts',
    mine: false,
    ...overrides,
  };
}

const healthy: AttentionResponse['sources'] = [
  { name: 'catalog', healthy: true },
  { name: 'clusters', healthy: true },
  { name: 'argocd', healthy: true },
];

const stalled = problem({});
const crashLoop = problem({
  id: 'crash-loop:sandbox/supply-chain/inventory-service',
  kind: 'crash-loop',
  severity: 'error',
  since: minutesAgo(2),
  entityRef: 'component:default/inventory-service',
  ownerRef: 'group:default/inventory-team',
  subject: 'sandbox/supply-chain/Deployment inventory-service',
  title: 'inventory-service: pods crash-looping',
  reason: 'CrashLoopBackOff: back-off restarting failed container',
  link: '/catalog/default/component/inventory-service/rollouts',
  mine: true,
});
const outOfSync = problem({
  id: 'argocd-out-of-sync:argocd/order-service',
  kind: 'argocd-out-of-sync',
  severity: 'warning',
  since: minutesAgo(90),
  subject: 'Argo CD app order-service',
  title: 'order-service: out of sync',
  reason: 'OutOfSync: 1 resource differs from Git',
  link: '/catalog/default/component/order-service/argocd',
});

const catalogEntities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'fulfillment-team', title: 'Fulfillment Team' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'inventory-team', title: 'Inventory Team' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'order-service', title: 'Order Service' },
    spec: {},
  },
];

function fakeSignals() {
  const listeners = new Map<string, (message: object) => void>();
  return {
    api: {
      subscribe: jest.fn((channel: string, cb: (m: object) => void) => {
        listeners.set(channel, cb);
        return { unsubscribe: jest.fn() };
      }),
    },
    send: (channel: string, message: object) =>
      act(() => listeners.get(channel)?.(message)),
  };
}

async function renderCard(
  getProblems: jest.Mock,
  signals = fakeSignals(),
): Promise<void> {
  await renderInTestApp(<NeedsAttention />, {
    apis: [
      [
        attentionApiRef,
        { getProblems, getServices: jest.fn() } as AttentionApi,
      ],
      catalogApiMock({ entities: catalogEntities }),
      [signalApiRef, signals.api],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('NeedsAttention', () => {
  it("lists the user's teams' problems first, then the other teams', each under its team", async () => {
    const getProblems = jest.fn().mockResolvedValue({
      problems: [crashLoop, stalled, outOfSync],
      sources: healthy,
      evaluatedAt: minutesAgo(0),
    } satisfies AttentionResponse);
    await renderCard(getProblems);

    const yours = await screen.findByRole('region', { name: 'Your teams' });
    const others = screen.getByRole('region', { name: 'Other teams' });
    // "Your teams" comes before "Other teams" in the page
    expect(
      yours.compareDocumentPosition(others) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    const inventory = within(yours).getByRole('region', {
      name: 'Team Inventory Team',
    });
    const crash = within(inventory).getByRole('listitem', {
      name: 'inventory-service: pods crash-looping',
    });
    expect(within(crash).getByLabelText('Severity: error')).toBeInTheDocument();
    expect(
      within(crash).getByText(
        'CrashLoopBackOff: back-off restarting failed container',
      ),
    ).toBeInTheDocument();
    expect(within(crash).getByText('2 minutes ago')).toBeInTheDocument();
    expect(
      within(crash).getByRole('link', { name: 'Open the Rollouts tab' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/inventory-service/rollouts',
    );

    const fulfillment = within(others).getByRole('region', {
      name: 'Team Fulfillment Team',
    });
    expect(
      within(fulfillment).getByRole('link', { name: 'Fulfillment Team' }),
    ).toHaveAttribute('href', '/catalog/default/group/fulfillment-team');
    const items = within(fulfillment).getAllByRole('listitem');
    expect(items.map(i => i.getAttribute('aria-label'))).toEqual([
      'order-service: rollout stalled',
      'order-service: out of sync',
    ]);
    expect(
      within(items[0]).getByRole('link', { name: 'Order Service' }),
    ).toHaveAttribute('href', '/catalog/default/component/order-service');
    expect(
      within(items[1]).getByLabelText('Severity: warning'),
    ).toBeInTheDocument();
    expect(
      within(items[1]).getByRole('link', { name: 'Open the Argo CD tab' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/order-service/argocd',
    );
  });

  it('lists unowned workloads under "No owner", without an entity, linking the Who owns page', async () => {
    const unowned: AttentionProblem = {
      id: 'unowned-workload:sandbox/supply-chain',
      kind: 'unowned-workload',
      severity: 'warning',
      since: minutesAgo(3),
      subject: 'namespace sandbox/supply-chain',
      title: 'sandbox/supply-chain: 1 workload no catalog entity claims',
      reason:
        'No catalog entity claims Deployment stray-report-job (registry.example/reports/stray:1.0)',
      link: '/who-owns',
      mine: false,
    };
    const getProblems = jest.fn().mockResolvedValue({
      problems: [unowned],
      sources: healthy,
      evaluatedAt: minutesAgo(0),
    } satisfies AttentionResponse);
    await renderCard(getProblems);
    const team = await screen.findByRole('region', { name: 'Team No owner' });
    const item = within(team).getByRole('listitem', { name: unowned.title });
    expect(within(item).getByText(unowned.reason)).toBeInTheDocument();
    expect(
      within(item).getByText(/^namespace sandbox\/supply-chain · since/),
    ).toBeInTheDocument();
    expect(
      within(item).getByRole('link', { name: 'Open the Who owns page' }),
    ).toHaveAttribute('href', '/who-owns');
    // the only link is the page's: no entity to link
    expect(within(item).getAllByRole('link')).toHaveLength(1);
  });

  it('says so when nothing needs attention', async () => {
    const getProblems = jest.fn().mockResolvedValue({
      problems: [],
      sources: healthy,
      evaluatedAt: minutesAgo(0),
    } satisfies AttentionResponse);
    await renderCard(getProblems);
    expect(
      await screen.findByText("Nothing needs your teams' attention."),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Nothing needs other teams' attention."),
    ).toBeInTheDocument();
  });

  it('shows a labelled notice for each source that could not be read', async () => {
    const getProblems = jest.fn().mockResolvedValue({
      problems: [stalled],
      sources: [
        { name: 'catalog', healthy: true },
        {
          name: 'clusters',
          healthy: false,
          message: 'cluster sandbox: connect ECONNREFUSED 127.0.0.1:46443',
        },
        { name: 'argocd', healthy: true },
      ],
      evaluatedAt: minutesAgo(0),
    } satisfies AttentionResponse);
    await renderCard(getProblems);
    const notice = await screen.findByRole('status', {
      name: 'Degraded: clusters',
    });
    expect(notice).toHaveTextContent(
      'The clusters could not be read: cluster sandbox: connect ECONNREFUSED 127.0.0.1:46443. Problems from it may be missing.',
    );
    expect(
      screen.queryByRole('status', { name: 'Degraded: argocd' }),
    ).toBeNull();
    // the problems the other sources found are still listed
    expect(
      screen.getByRole('listitem', { name: 'order-service: rollout stalled' }),
    ).toBeInTheDocument();
  });

  it('updates on the attention signal without a reload', async () => {
    const signals = fakeSignals();
    const getProblems = jest
      .fn()
      .mockResolvedValueOnce({
        problems: [stalled],
        sources: healthy,
        evaluatedAt: minutesAgo(1),
      } satisfies AttentionResponse)
      .mockResolvedValueOnce({
        problems: [],
        sources: healthy,
        evaluatedAt: minutesAgo(0),
      } satisfies AttentionResponse);
    await renderCard(getProblems, signals);
    expect(
      await screen.findByRole('listitem', {
        name: 'order-service: rollout stalled',
      }),
    ).toBeInTheDocument();
    expect(signals.api.subscribe).toHaveBeenCalledWith(
      ATTENTION_SIGNAL_CHANNEL,
      expect.any(Function),
    );

    signals.send(ATTENTION_SIGNAL_CHANNEL, { type: 'changed' });
    expect(
      await screen.findByText("Nothing needs other teams' attention."),
    ).toBeInTheDocument();
    expect(getProblems).toHaveBeenCalledTimes(2);
  });

  it("names the backend's error and offers a retry", async () => {
    const getProblems = jest
      .fn()
      .mockRejectedValueOnce(new Error('attention backend unavailable'))
      .mockResolvedValueOnce({
        problems: [stalled],
        sources: healthy,
        evaluatedAt: minutesAgo(0),
      } satisfies AttentionResponse);
    await renderCard(getProblems);
    expect(
      await screen.findByText(
        'Could not load what needs attention: attention backend unavailable',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('listitem', {
        name: 'order-service: rollout stalled',
      }),
    ).toBeInTheDocument();
  });

  it('says when the portal has not evaluated the system yet', async () => {
    const getProblems = jest.fn().mockResolvedValue({
      problems: [],
      sources: [],
    } satisfies AttentionResponse);
    await renderCard(getProblems);
    expect(
      await screen.findByText('The portal has not evaluated the system yet.'),
    ).toBeInTheDocument();
  });
});
