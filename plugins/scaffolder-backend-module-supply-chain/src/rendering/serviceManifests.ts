import { ServiceSpec } from './serviceSpec';
import { renderArgoCdApplication } from './service/argocdApplication';
import {
  allowedPrincipals,
  renderAuthorizationPolicy,
  ServiceCaller,
} from './service/authorizationPolicy';
import { renderDeployment } from './service/deployment';
import { renderExternalSecret } from './service/externalSecret';
import { renderHorizontalPodAutoscaler } from './service/horizontalPodAutoscaler';
import {
  renderDestinationRule,
  renderVirtualService,
} from './service/istioTraffic';
import { PRODUCTION_OVERLAY, renderKustomizeFiles } from './service/kustomize';
import { renderPodDisruptionBudget } from './service/podDisruptionBudget';
import { renderService } from './service/service';
import { renderServiceAccount } from './service/serviceAccount';
import { renderServiceMonitor } from './service/serviceMonitor';
import { renderVerticalPodAutoscaler } from './service/verticalPodAutoscaler';
import {
  KubernetesObject,
  RenderedFile,
  toYamlDocuments,
} from './yamlDocuments';

export type { ServiceCaller } from './service/authorizationPolicy';

/** What {@link renderServiceManifests} produces. */
export type RenderedServiceManifests = {
  /** files to write, in a fixed order, paths relative to the target folder */
  files: RenderedFile[];
  /** every object with the file it is written to */
  objects: { path: string; object: KubernetesObject }[];
  /** the Istio principals allowed by the AuthorizationPolicy, sorted */
  allowedPrincipals: string[];
  /** folder (relative to the target) Argo CD deploys, when kustomize is on */
  productionPath?: string;
  argocdApplicationName?: string;
};

type BaseObject = {
  /** file name under `base/` */
  file: string;
  included: (spec: ServiceSpec) => boolean;
  render: (
    spec: ServiceSpec,
    callers: readonly ServiceCaller[],
  ) => KubernetesObject;
};

const always = () => true;

/** The objects of `base/`, in the order they are written and listed. */
const BASE_OBJECTS: BaseObject[] = [
  { file: 'deployment.yaml', included: always, render: renderDeployment },
  { file: 'service.yaml', included: always, render: renderService },
  {
    file: 'serviceaccount.yaml',
    included: spec => spec.include.serviceAccount,
    render: renderServiceAccount,
  },
  {
    file: 'hpa.yaml',
    included: spec => spec.include.hpa,
    render: renderHorizontalPodAutoscaler,
  },
  {
    file: 'vpa.yaml',
    included: spec => spec.vpa.enabled,
    render: renderVerticalPodAutoscaler,
  },
  {
    file: 'pdb.yaml',
    included: spec => spec.include.pdb,
    render: renderPodDisruptionBudget,
  },
  {
    file: 'virtualservice.yaml',
    included: spec => spec.include.istio,
    render: renderVirtualService,
  },
  {
    file: 'destinationrule.yaml',
    included: spec => spec.include.istio,
    render: renderDestinationRule,
  },
  {
    file: 'authorizationpolicy.yaml',
    included: spec => spec.include.authorizationPolicy,
    render: renderAuthorizationPolicy,
  },
  {
    file: 'servicemonitor.yaml',
    included: spec => spec.include.serviceMonitor,
    render: renderServiceMonitor,
  },
  {
    file: 'externalsecret.yaml',
    included: spec => spec.database,
    render: renderExternalSecret,
  },
];

/**
 * Renders every manifest a new service needs. Pure: no I/O, no clock, no
 * randomness; callers are deduplicated and sorted, so the output depends only
 * on the values, never on their order.
 */
export function renderServiceManifests(
  spec: ServiceSpec,
  callers: readonly ServiceCaller[] = [],
): RenderedServiceManifests {
  const included = BASE_OBJECTS.filter(b => b.included(spec));
  const base = included.map(b => ({
    path: `base/${b.file}`,
    object: b.render(spec, callers),
  }));
  const kustomize = spec.include.kustomize;
  // the Application deploys the production overlay, so it needs kustomize
  const application =
    kustomize && spec.include.argocdApplication && spec.gitops
      ? {
          path: 'argocd/application.yaml',
          object: renderArgoCdApplication(spec, spec.gitops),
        }
      : undefined;
  return {
    files: [
      ...base.map(toFile),
      ...(kustomize
        ? renderKustomizeFiles(
            spec,
            included.map(b => b.file),
          )
        : []),
      ...(application ? [toFile(application)] : []),
    ],
    objects: application ? [...base, application] : base,
    allowedPrincipals: spec.include.authorizationPolicy
      ? allowedPrincipals(spec, callers)
      : [],
    productionPath: kustomize ? PRODUCTION_OVERLAY : undefined,
    argocdApplicationName: application ? spec.name : undefined,
  };
}

function toFile(entry: {
  path: string;
  object: KubernetesObject;
}): RenderedFile {
  return { path: entry.path, content: toYamlDocuments([entry.object]) };
}
