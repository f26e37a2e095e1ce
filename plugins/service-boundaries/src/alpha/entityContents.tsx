import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';

/** "Service boundaries" card on components. */
export const entityServiceBoundariesCard = EntityCardBlueprint.make({
  name: 'service-boundaries',
  params: {
    type: 'content',
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityServiceBoundariesCard').then(m => (
        <m.EntityServiceBoundariesCard />
      )),
  },
});

/** "Boundary map" tab on systems and domains. */
export const entityBoundaryMapContent = EntityContentBlueprint.make({
  name: 'boundary-map',
  params: {
    path: '/boundary-map',
    title: 'Boundary map',
    filter: { kind: { $in: ['system', 'domain'] } },
    loader: () =>
      import('../components/EntityBoundaryMapContent').then(m => (
        <m.EntityBoundaryMapContent />
      )),
  },
});
