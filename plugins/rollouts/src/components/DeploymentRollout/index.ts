export { DeploymentRollout } from './DeploymentRollout';
export {
  describePodProblem,
  describeRestartEffect,
  describeRevision,
  describeStrategy,
} from './describeRollout';
