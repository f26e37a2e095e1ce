/**
 * The capacity backend plugin: one entity's sizing against its VPA and HPA.
 *
 * @packageDocumentation
 */
export { capacityPlugin as default } from './plugin';
