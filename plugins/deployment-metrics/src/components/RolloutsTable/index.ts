export { RolloutsTable } from './RolloutsTable';
