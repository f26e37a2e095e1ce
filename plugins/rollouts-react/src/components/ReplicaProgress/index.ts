export { ReplicaProgress } from './ReplicaProgress';
