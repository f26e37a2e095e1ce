export { RolloutActions, describeActionEffect } from './RolloutActions';
