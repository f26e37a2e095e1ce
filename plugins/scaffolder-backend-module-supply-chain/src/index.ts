/**
 * Scaffolder actions of the supply-chain portal: service manifests, MLModels,
 * server-side apply, Argo CD applications, GitOps commits and Gitea publishing.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSupplyChain as default } from './module';
export { createServiceManifestsAction } from './actions/serviceManifests';
export { createMlModelAction } from './actions/mlModel';
export { createKubernetesApplyAction } from './actions/kubernetesApply';
export { createArgoCdApplicationAction } from './actions/argocdApplication';
export { createGitopsCommitAction } from './actions/gitopsCommit';
export { createGiteaPublishAction } from './actions/giteaPublish';
export { renderServiceManifests } from './rendering/serviceManifests';
export type {
  RenderedServiceManifests,
  ServiceCaller,
} from './rendering/serviceManifests';
export { parseServiceSpec } from './rendering/serviceSpec';
export type { ServiceSpec, ServiceSpecInput } from './rendering/serviceSpec';
export { validateManifestSet } from './rendering/manifestValidation';
