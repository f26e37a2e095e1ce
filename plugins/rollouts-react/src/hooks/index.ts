export { useLiveResource } from './useLiveResource';
export type { LiveResource } from './useLiveResource';
export {
  useAllMLModels,
  useEntityMLModels,
  useEntityRollouts,
} from './useEntityRollouts';
export { useRolloutPermissions } from './useRolloutPermissions';
