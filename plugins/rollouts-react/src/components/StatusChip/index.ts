export {
  ArgoRolloutPhaseChip,
  MLModelStatusChip,
  RolloutPhaseChip,
} from './StatusChip';
