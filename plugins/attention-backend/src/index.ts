/**
 * The attention backend plugin: what needs attention in the clusters and
 * Argo CD, per entity and owning team.
 *
 * @packageDocumentation
 */
export { attentionPlugin as default } from './plugin';
