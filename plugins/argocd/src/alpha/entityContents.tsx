import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isArgocdAvailable } from '../conditions';

/** Overview card on entities with Argo CD annotations. */
export const entityArgoCdOverviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    type: 'info',
    filter: isArgocdAvailable,
    loader: () =>
      import('../components/ArgoCdOverviewCard').then(m => (
        <m.ArgoCdOverviewCard />
      )),
  },
});

/** The "Argo CD" tab on entities with Argo CD annotations. */
export const entityArgoCdContent = EntityContentBlueprint.make({
  name: 'argocd',
  params: {
    path: '/argocd',
    title: 'Argo CD',
    group: 'deployment',
    filter: isArgocdAvailable,
    loader: () =>
      import('../components/EntityArgoCdContent').then(m => (
        <m.EntityArgoCdContent />
      )),
  },
});
