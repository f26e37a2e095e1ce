/**
 * The attention plugin for the new frontend system (default export).
 *
 * @packageDocumentation
 */

export { attentionPlugin as default } from './plugin';
