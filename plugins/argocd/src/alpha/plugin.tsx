import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { argocdApi } from './apis';
import {
  entityArgoCdContent,
  entityArgoCdOverviewCard,
} from './entityContents';

/**
 * The Argo CD plugin for the new frontend system.
 * @alpha
 */
export const argocdPlugin = createFrontendPlugin({
  pluginId: 'argocd',
  title: 'Argo CD',
  info: { packageJson: () => import('../../package.json') },
  extensions: [argocdApi, entityArgoCdOverviewCard, entityArgoCdContent],
});
