export { EntityBoundaryMapContent } from './EntityBoundaryMapContent';
