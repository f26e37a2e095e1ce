export { EntityCapacityContent } from './EntityCapacityContent';
