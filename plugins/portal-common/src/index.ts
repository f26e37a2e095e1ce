/**
 * Helpers every plugin family of the portal shares (isomorphic).
 *
 * @packageDocumentation
 */
export { describeIssues, parseInput } from './parseInput';
export type { InputIssue, ParseInputOptions } from './parseInput';
export { percentile } from './percentile';
