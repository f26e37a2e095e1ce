export { attentionApiRef, AttentionClient } from './AttentionApi';
export type { AttentionApi } from './AttentionApi';
