export { ClusterStatusNotice } from './ClusterStatusNotice';
export { EntityLink, OwnerLink } from './EntityLink';
export { ServiceDriftFindings } from './ServiceDriftFindings';
export { Loading, LoadError } from './LoadState';
