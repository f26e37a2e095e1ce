export { ClusterStatusBanner } from './ClusterStatusBanner';
