import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentMetricsApi, deploymentMetricsApiRef } from '../../api';
import { metrics, stalledRollout } from '../../__fixtures__/metrics';
import { EntityDeploymentMetricsCard } from './EntityDeploymentMetricsCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

function render(api: Partial<DeploymentMetricsApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[deploymentMetricsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityDeploymentMetricsCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityDeploymentMetricsCard', () => {
  it('shows this window against the previous one with trends in words', async () => {
    await render({
      getEntityMetrics: async () => ({
        entityRef: 'component:default/order-service',
        current: metrics(),
        previous: metrics({
          deploymentsPerWeek: 1.4,
          medianDurationSeconds: 60,
          firstTimeSuccessRate: 0.75,
        }),
      }),
    });
    expect(await screen.findByText('Deployments per week')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Deployments per week: 2\.8/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('up from 1.4 (better)')).toBeInTheDocument();
    expect(screen.getByText('up from 1 min (worse)')).toBeInTheDocument();
    expect(screen.getAllByText('unchanged from previous window')).toHaveLength(
      5,
    );
    expect(
      screen.getByRole('button', {
        name: /Median rollout duration: 1 min 35 s/,
      }),
    ).toBeInTheDocument();
  });

  it('says since when nothing was observed instead of zeros', async () => {
    await render({
      getEntityMetrics: async () => ({
        entityRef: 'component:default/order-service',
        current: {
          observedSince: '2026-03-01T00:00:00.000Z',
          message: 'no deployments observed since 2026-03-01T00:00:00.000Z',
        },
        previous: {
          observedSince: '2026-03-01T00:00:00.000Z',
          message: 'no deployments observed since 2026-03-01T00:00:00.000Z',
        },
      }),
    });
    expect(
      await screen.findByText(
        'no deployments observed since 2026-03-01T00:00:00.000Z',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Deployments per week')).not.toBeInTheDocument();
  });

  it('labels a failure with what it could not do', async () => {
    await render({
      getEntityMetrics: async () => {
        throw new Error(
          'from: the window is longer than the retention of 7 days',
        );
      },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the deployment metrics of order-service: from: the window is longer than the retention of 7 days',
    );
  });

  it('drills down from a number to the rollouts behind it', async () => {
    const getRollouts = jest.fn(async () => ({
      window: metrics().window,
      rollouts: [stalledRollout],
      syncs: [],
    }));
    await render({
      getEntityMetrics: async () => ({
        entityRef: 'component:default/order-service',
        current: metrics(),
        previous: metrics(),
      }),
      getRollouts,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: /First-time success: 75 %/ }),
    );
    expect(
      await screen.findByText(/Rollouts behind "First-time success"/),
    ).toBeInTheDocument();
    expect(getRollouts).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/order-service',
        outcome: 'failed',
      }),
    );
    expect(screen.getByText('rolled-back, stalled first')).toBeInTheDocument();
    expect(
      screen.getByText('min 2 of 3 (capacity dropped)'),
    ).toBeInTheDocument();
  });
});
