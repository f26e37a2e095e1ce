import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentMetricsApi, deploymentMetricsApiRef } from '../../api';
import { metrics, stalledRollout } from '../../__fixtures__/metrics';
import { DeploymentMetricsPage } from './DeploymentMetricsPage';

const api: Partial<DeploymentMetricsApi> = {
  getGroupMetrics: async groupBy => ({
    groupBy,
    window: metrics().window,
    observedSince: '2026-02-01T00:00:00.000Z',
    groups: [
      {
        group: 'component:default/a-service',
        title: 'a-service',
        metrics: metrics({ deploymentsPerWeek: 1 }),
      },
      {
        group: 'component:default/b-service',
        title: 'b-service',
        metrics: metrics({ deploymentsPerWeek: 5 }),
      },
      {
        group: 'component:default/c-service',
        title: 'c-service',
        metrics: {
          observedSince: '2026-02-01T00:00:00.000Z',
          message: 'no deployments observed since 2026-02-01T00:00:00.000Z',
        },
      },
    ],
  }),
  getRollouts: async () => ({
    window: metrics().window,
    rollouts: [stalledRollout],
    syncs: [],
  }),
};

function rowNames() {
  return screen
    .getAllByRole('button', { name: /^Show the charts of/ })
    .map(b => b.textContent);
}

describe('DeploymentMetricsPage', () => {
  it('compares services in sortable columns, without a number for services without deployments', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[deploymentMetricsApiRef, api]]}>
        <DeploymentMetricsPage />
      </TestApiProvider>,
    );
    await screen.findByRole('table');
    expect(rowNames()).toEqual(['a-service', 'b-service', 'c-service']);
    expect(
      screen.getByText(
        'no deployments observed since 2026-02-01T00:00:00.000Z',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Deployments per week' }),
    );
    expect(rowNames()).toEqual(['b-service', 'a-service', 'c-service']);
    expect(
      screen.getByRole('columnheader', { name: /Deployments per week/ }),
    ).toHaveAttribute('aria-sort', 'descending');
    await userEvent.click(
      screen.getByRole('button', { name: /Deployments per week ▼/ }),
    );
    expect(rowNames()).toEqual(['a-service', 'b-service', 'c-service']);
  });

  it('charts the selected service and drills down to rollouts', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[deploymentMetricsApiRef, api]]}>
        <DeploymentMetricsPage />
      </TestApiProvider>,
    );
    await screen.findByRole('table');
    expect(
      screen.getByRole('region', { name: 'Charts of a-service' }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show the charts of b-service' }),
    );
    const charts = screen.getByRole('region', { name: 'Charts of b-service' });
    expect(within(charts).getByText('Deployments per day')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: /Rollbacks of b-service: 2/ }),
    );
    expect(
      await screen.findByText(/Rollouts behind "Rollbacks" of b-service/),
    ).toBeInTheDocument();
  });
});
