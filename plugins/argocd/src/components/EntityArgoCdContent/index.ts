export { EntityArgoCdContent } from './EntityArgoCdContent';
