/**
 * @packageDocumentation
 * Service boundaries card, boundary map, drift report and the "Who owns…?"
 * page (legacy frontend system; the new system is in `/alpha`).
 */
export {
  serviceBoundariesPlugin,
  EntityServiceBoundariesCard,
  EntityBoundaryMapContent,
  WhoOwnsPage,
} from './plugin';
export * from './api';
