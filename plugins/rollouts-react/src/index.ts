/**
 * API ref, client, hooks and shared components of the rollouts plugin family.
 *
 * @packageDocumentation
 */

export * from './api';
export * from './hooks';
export * from './components';
