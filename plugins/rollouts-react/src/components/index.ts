export * from './ClusterStatusBanner';
export * from './DataFreshness';
export * from './CopyButton';
export * from './EmptyState';
export * from './ReplicaProgress';
export * from './RolloutsErrorPanel';
export * from './StatusChip';
