import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** The "Deployment metrics" card on components. */
export const entityDeploymentMetricsCard = EntityCardBlueprint.make({
  name: 'deployment-metrics',
  params: {
    type: 'content',
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityDeploymentMetricsCard').then(m => (
        <m.EntityDeploymentMetricsCard />
      )),
  },
});
