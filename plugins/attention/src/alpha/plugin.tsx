import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { AttentionClient, attentionApiRef } from '../api';

/** The attention backend client as a utility API. */
export const attentionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: attentionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AttentionClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The attention plugin for the new frontend system: its API. The home page
 * (packages/app's home module) shows its `NeedsAttention` card.
 *
 * @alpha
 */
export const attentionPlugin = createFrontendPlugin({
  pluginId: 'attention',
  title: 'Needs attention',
  info: { packageJson: () => import('../../package.json') },
  extensions: [attentionApi],
});
