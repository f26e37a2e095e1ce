export {
  RolloutsOverviewClient,
  useRolloutsOverviewClient,
  type RolloutsOverviewItem,
} from './RolloutsOverviewClient';
