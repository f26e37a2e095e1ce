import { KindSpec } from './ResourceWatch';
import {
  slimAuthorizationPolicy,
  slimConfigMap,
  slimDeployment,
  slimDestinationRule,
  slimHpa,
  slimMLModel,
  slimPod,
  slimReplicaSet,
  slimVirtualService,
} from './slim';
import { slimAnalysisRun, slimArgoRollout } from './slimArgoRollouts';

/** Kinds every cluster has. */
export const CORE_KINDS: KindSpec[] = [
  {
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    slim: slimDeployment,
  },
  {
    kind: 'ReplicaSet',
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    slim: slimReplicaSet,
  },
  { kind: 'Pod', group: '', version: 'v1', plural: 'pods', slim: slimPod },
  {
    kind: 'HorizontalPodAutoscaler',
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    slim: slimHpa,
  },
];

/**
 * Kinds of custom resources, watched only when the cluster serves their group
 * (discovered). With `byResource` only when the group version also lists the
 * resource plural: argoproj.io serves Argo CD's Applications without Argo
 * Rollouts' CRDs.
 */
export const OPTIONAL_KINDS: Array<
  Omit<KindSpec, 'version'> & { versions: string[]; byResource?: boolean }
> = [
  {
    kind: 'MLModel',
    group: 'ml.supplychain.io',
    versions: ['v1'],
    plural: 'mlmodels',
    slim: slimMLModel,
  },
  {
    kind: 'VirtualService',
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    plural: 'virtualservices',
    slim: slimVirtualService,
  },
  {
    kind: 'DestinationRule',
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    plural: 'destinationrules',
    slim: slimDestinationRule,
  },
  {
    kind: 'AuthorizationPolicy',
    group: 'security.istio.io',
    versions: ['v1', 'v1beta1'],
    plural: 'authorizationpolicies',
    slim: slimAuthorizationPolicy,
  },
  {
    kind: 'Rollout',
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    plural: 'rollouts',
    slim: slimArgoRollout,
    byResource: true,
  },
  {
    kind: 'AnalysisRun',
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    plural: 'analysisruns',
    slim: slimAnalysisRun,
    byResource: true,
  },
];

export function configMapKind(name: string): KindSpec {
  return {
    kind: 'ConfigMap',
    group: '',
    version: 'v1',
    plural: 'configmaps',
    slim: slimConfigMap,
    fieldSelector: `metadata.name=${name}`,
    key: `ConfigMap/${name}`,
  };
}
