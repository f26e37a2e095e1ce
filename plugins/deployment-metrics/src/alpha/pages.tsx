import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { deploymentMetricsRouteRef } from '../routes';

function ChartIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="currentColor"
    >
      <path d="M3 21h18v-2H5V3H3v18zm4-4h3v-6H7v6zm5 0h3V7h-3v10zm5 0h3v-9h-3v9z" />
    </svg>
  );
}

/** "Deployment metrics" across services, teams and systems (in the sidebar). */
export const deploymentMetricsPage = PageBlueprint.make({
  params: {
    path: '/deployment-metrics',
    title: 'Deployment metrics',
    icon: <ChartIcon />,
    routeRef: deploymentMetricsRouteRef,
    loader: () =>
      import('../components/DeploymentMetricsPage').then(m => (
        <m.DeploymentMetricsPage withHeader={false} />
      )),
  },
});
