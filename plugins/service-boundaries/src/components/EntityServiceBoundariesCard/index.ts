export { EntityServiceBoundariesCard } from './EntityServiceBoundariesCard';
