import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { rolloutsEntityFilter } from '../conditions';

/** The "Rollouts" tab on entities with Kubernetes annotations. */
export const entityRolloutsContent = EntityContentBlueprint.make({
  params: {
    path: '/rollouts',
    title: 'Rollouts',
    group: 'deployment',
    filter: rolloutsEntityFilter,
    loader: () =>
      import('../components/EntityRolloutsContent').then(m => (
        <m.EntityRolloutsContent />
      )),
  },
});

/** The "ML models" card on entities with Kubernetes annotations. */
export const entityMLModelsCard = EntityCardBlueprint.make({
  name: 'ml-models',
  params: {
    type: 'content',
    filter: rolloutsEntityFilter,
    loader: () =>
      import('../components/EntityMLModelsCard').then(m => (
        <m.EntityMLModelsCard />
      )),
  },
});
