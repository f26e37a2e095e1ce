export { EntityLink } from './EntityLink';
export type { EntityLinkTarget } from './EntityLink';
