/**
 * Helpers every plugin family of the portal shares (isomorphic).
 *
 * @packageDocumentation
 */
export { parseInput } from './parseInput';
export type { ParseInputOptions } from './parseInput';
export { percentile } from './percentile';
