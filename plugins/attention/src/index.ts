/**
 * What needs attention in the supply-chain portal: the `NeedsAttention` card of
 * the home page and the client of `GET /api/attention/problems`. The new
 * frontend system's plugin (which provides the API) is the default export of
 * `./alpha`.
 *
 * @packageDocumentation
 */

export { NeedsAttention } from './components/NeedsAttention';
export { attentionApiRef, AttentionClient } from './api';
export type { AttentionApi } from './api';
