export { ArgoRollout } from './ArgoRollout';
