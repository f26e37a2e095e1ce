import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { argocdInstancesServiceRef } from '@supply-chain/plugin-argocd-node';
import { createArgoCdApplicationAction } from './actions/argocdApplication';
import { createGiteaPublishAction } from './actions/giteaPublish';
import { createGitopsCommitAction } from './actions/gitopsCommit';
import { createKubernetesApplyAction } from './actions/kubernetesApply';
import { createMlModelAction } from './actions/mlModel';
import { createServiceManifestsAction } from './actions/serviceManifests';
import { TargetGuard } from './policy/TargetGuard';

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
        auth: coreServices.auth,
        argocd: argocdInstancesServiceRef,
      },
      async init({ scaffolder, catalog, config, auth, argocd }) {
        // one guard (policy + who holds a name) for every action; Argo CD
        // through the portal's shared instance clients
        const guard = new TargetGuard({ config, catalog, auth, argocd });
        scaffolder.addActions(
          createServiceManifestsAction({ catalog, guard }),
          createMlModelAction({ catalog, guard }),
          createKubernetesApplyAction({ config, guard }),
          createArgoCdApplicationAction({ config, guard }),
          createGitopsCommitAction({ config, guard }),
          createGiteaPublishAction({ config, guard }),
        );
      },
    });
  },
});
