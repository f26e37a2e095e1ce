import { screen, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { SWRConfig } from 'swr';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type RolloutsApi,
  rolloutsApiRef,
} from '@supply-chain/plugin-rollouts-react';
import {
  blueGreenWaitingView,
  canaryAbortedView,
  canaryHealthyView,
  canaryPausedView,
} from '../../__fixtures__/argoRollouts';
import {
  cluster,
  deployment,
  entityRollouts,
  inventoryEntity,
} from '../../__fixtures__/rollouts';
import { EntityRolloutsContent } from '../EntityRolloutsContent';
import { ArgoRollout } from './ArgoRollout';

const renderRollout = (rollout = canaryPausedView()) =>
  renderInTestApp(<ArgoRollout rollout={rollout} />);

describe('ArgoRollout', () => {
  it('a canary paused at the pause step: step 1/4, 20 % to the canary, the reason in words', async () => {
    await renderRollout();
    expect(
      screen.getByRole('heading', { name: 'payment-service' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Status: Paused')).toHaveAttribute(
      'title',
      'CanaryPauseStep',
    );
    expect(screen.getByText(/strategy Canary · step 1\/4/)).toBeInTheDocument();
    const steps = screen.getByRole('list', {
      name: 'Steps of payment-service',
    });
    const items = within(steps).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      '✔ setWeight: 20',
      '▶ pause (current)',
      'setWeight: 50',
      'analysis: payment-service-success-rate',
    ]);
    expect(items[1]).toHaveAttribute('aria-current', 'step');
    expect(
      screen.getByText('Weights set by the controller: canary 20%, stable 80%'),
    ).toBeInTheDocument();
    const vs = screen.getByRole('table', { name: 'VirtualService weights' });
    const rows = within(vs).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'payment-serviceprimarystable80%',
      'payment-serviceprimarycanary20%',
    ]);
    expect(
      screen.getAllByText(/CanaryPauseStep: paused at step 1\/4 until promoted/)
        .length,
    ).toBeGreaterThan(0);
    const revisions = screen.getByRole('table', {
      name: 'Revisions of payment-service',
    });
    expect(within(revisions).getByText('canary')).toBeInTheDocument();
    expect(within(revisions).getByText('stable')).toBeInTheDocument();
    expect(within(revisions).getByText('4/4')).toBeInTheDocument();
    expect(within(revisions).getByText('1/1')).toBeInTheDocument();
    expect(
      screen.getByText('No AnalysisRun of this Rollout.'),
    ).toBeInTheDocument();
  });

  it('an analysis that failed: Aborted with the reason, the run, its verdict and measurement', async () => {
    await renderRollout(canaryAbortedView());
    expect(screen.getByLabelText('Status: Aborted')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Aborted: traffic and replicas are back on the stable revision',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(
        /RolloutAborted: Rollout aborted update to revision 2: Metric "success-rate" assessed Failed/,
      ).length,
    ).toBeGreaterThan(0);
    const run = screen.getByRole('region', {
      name: 'AnalysisRun payment-service-7b9c5d8f4-2-3',
    });
    expect(within(run).getByLabelText('Analysis: Failed')).toBeInTheDocument();
    expect(
      within(run).getByText(
        /Failed: metric "success-rate": 1 of 1 measurements Failed \("0.42"\)/,
      ),
    ).toBeInTheDocument();
    const measurements = within(run).getByRole('table', {
      name: 'Measurements of payment-service-7b9c5d8f4-2-3',
    });
    expect(within(measurements).getByText('"0.42"')).toBeInTheDocument();
    expect(within(measurements).getByText('Failed')).toBeInTheDocument();
    const vs = screen.getByRole('table', { name: 'VirtualService weights' });
    expect(within(vs).getByText('100%')).toBeInTheDocument();
  });

  it('a blue-green with the preview revision waiting: active and preview Services with their revisions', async () => {
    await renderRollout(blueGreenWaitingView());
    expect(screen.getByLabelText('Status: Paused')).toBeInTheDocument();
    expect(screen.getByText(/strategy BlueGreen/)).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: /Steps of/ }),
    ).not.toBeInTheDocument();
    const services = screen.getByRole('table', { name: 'Services' });
    const rows = within(services).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'notification-serviceactive5c6d7e8f91',
      'notification-service-previewpreview8f7e6d5c42',
    ]);
    expect(
      screen.getAllByText(
        /BlueGreenPause: the preview revision waits to be promoted to active/,
      ).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(/autoPromotionEnabled is false/),
    ).toBeInTheDocument();
  });

  it('a healthy canary: every step done, one stable revision, no alert', async () => {
    await renderRollout(canaryHealthyView());
    expect(screen.getByLabelText('Status: Healthy')).toBeInTheDocument();
    expect(
      screen.getByText('Healthy: revision 1 is stable'),
    ).toBeInTheDocument();
    const steps = screen.getByRole('list', {
      name: 'Steps of payment-service',
    });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .every(i => i.textContent?.startsWith('✔')),
    ).toBe(true);
    expect(screen.queryByText('Paused')).not.toBeInTheDocument();
    expect(screen.queryByText(/^Aborted/)).not.toBeInTheDocument();
  });
});

describe('the Rollouts tab with Argo Rollouts', () => {
  it('shows the Rollout beside the Deployments of the entity', async () => {
    const api = {
      getEntityRollouts: jest.fn().mockResolvedValue(
        entityRollouts([
          cluster({
            deployments: [deployment()],
            argoRollouts: [canaryPausedView()],
          }),
        ]),
      ),
      getDeploymentRollout: jest.fn(),
      getEntityMLModels: jest.fn(),
      getMLModels: jest.fn(),
      getClusters: jest.fn(),
      runAction: jest.fn(),
    } as unknown as jest.Mocked<RolloutsApi>;
    await renderInTestApp(
      <SWRConfig value={{ provider: () => new Map() }}>
        <EntityProvider entity={inventoryEntity}>
          <EntityRolloutsContent />
        </EntityProvider>
      </SWRConfig>,
      {
        apis: [
          [rolloutsApiRef, api],
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ] as any,
      },
    );
    const section = await screen.findByRole('region', {
      name: 'Cluster sandbox',
    });
    expect(
      within(section).getByRole('heading', { name: 'inventory-service' }),
    ).toBeInTheDocument();
    expect(
      within(section).getByRole('heading', { name: 'payment-service' }),
    ).toBeInTheDocument();
    expect(
      within(section).getByLabelText('Status: Paused'),
    ).toBeInTheDocument();
  });
});
