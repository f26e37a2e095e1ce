export { ClusterStatusNotice } from './ClusterStatusNotice';
export { OwnerLink } from './OwnerLink';
export { ServiceDriftFindings } from './ServiceDriftFindings';
export { Loading, LoadError } from './LoadState';
