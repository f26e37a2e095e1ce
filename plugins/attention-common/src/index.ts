/**
 * The attention model's shared vocabulary: what a problem is, the kinds the
 * portal detects, the endpoint's response and the signal channel that announces
 * changes.
 *
 * @packageDocumentation
 */
export * from './types';
