import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { capacityEntityFilter } from '../conditions';

/** The "Capacity" tab on entities with Kubernetes annotations. */
export const entityCapacityContent = EntityContentBlueprint.make({
  params: {
    path: '/capacity',
    title: 'Capacity',
    group: 'deployment',
    filter: capacityEntityFilter,
    loader: () =>
      import('../components/EntityCapacityContent').then(m => (
        <m.EntityCapacityContent />
      )),
  },
});
