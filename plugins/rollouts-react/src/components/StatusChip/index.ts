export { MLModelStatusChip, RolloutPhaseChip } from './StatusChip';
