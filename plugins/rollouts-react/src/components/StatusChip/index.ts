export { MLModelStatusChip, RolloutPhaseChip, StatusChip } from './StatusChip';
export type { StatusTone } from './StatusChip';
