export { RolloutsErrorPanel } from './RolloutsErrorPanel';
