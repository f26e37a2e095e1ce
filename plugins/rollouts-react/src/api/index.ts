export { rolloutsApiRef } from './RolloutsApi';
export type { RolloutAction, RolloutsApi } from './RolloutsApi';
export { RolloutsClient } from './RolloutsClient';
export { describeRolloutsError } from './describeRolloutsError';
export type { RolloutsErrorDescription } from './describeRolloutsError';
