/**
 * The rollouts plugin for the new frontend system (default export).
 *
 * @packageDocumentation
 */

export { rolloutsPlugin as default } from './plugin';
