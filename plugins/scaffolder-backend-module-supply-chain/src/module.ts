import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createArgoCdApplicationAction } from './actions/argocdApplication';
import { createGiteaPublishAction } from './actions/giteaPublish';
import { createGitopsCommitAction } from './actions/gitopsCommit';
import { createKubernetesApplyAction } from './actions/kubernetesApply';
import { createMlModelAction } from './actions/mlModel';
import { createServiceManifestsAction } from './actions/serviceManifests';

/**
 * Registers the supply-chain scaffolder actions.
 *
 * @public
 */
export const scaffolderModuleSupplyChain = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'supply-chain',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, catalog, config }) {
        scaffolder.addActions(
          createServiceManifestsAction({ catalog }),
          createMlModelAction({ catalog }),
          createKubernetesApplyAction({ config }),
          createArgoCdApplicationAction({ config }),
          createGitopsCommitAction({ config }),
          createGiteaPublishAction({ config }),
        );
      },
    });
  },
});
