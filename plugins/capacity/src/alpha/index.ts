/**
 * The capacity plugin for the new frontend system (default export): the
 * entity tab "Capacity".
 *
 * @packageDocumentation
 */
export { capacityPlugin as default } from './plugin';
