/**
 * The capacity plugin for the new frontend system (default export): the
 * entity tab "Capacity" and the page "Capacity" across services (/capacity).
 *
 * @packageDocumentation
 */
export { capacityPlugin as default } from './plugin';
