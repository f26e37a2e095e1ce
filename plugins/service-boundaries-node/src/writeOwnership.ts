import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  ARGOCD_ANNOTATION_APP_NAME,
  ARGOCD_ANNOTATION_APP_SELECTOR,
  ARGOCD_ANNOTATION_PROJECT_NAME,
  parseArgoCdAnnotations,
} from '@supply-chain/plugin-argocd-common';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  parseLabelSelector,
  selectorMatches,
} from '@supply-chain/plugin-rollouts-common';
import {
  entityObjectFilter,
  filterMatches,
} from '@supply-chain/plugin-rollouts-node';
import { TrustedSources } from './trustedSources';

/** A cluster object a write would change. @public */
export interface WorkloadTarget {
  cluster: string;
  namespace: string;
  name: string;
  /** e.g. Deployment */
  kind: string;
  labels?: Record<string, string>;
}

/** An Argo CD application a write would change. @public */
export interface ArgoCdApplicationTarget {
  instance: string;
  name: string;
  project?: string;
  labels?: Record<string, string>;
}

/** How an entity's annotations claim a target. @public */
export type ClaimedBy =
  | 'kubernetes-id'
  | 'kubernetes-label-selector'
  | 'argocd-app-name'
  | 'argocd-app-selector'
  | 'argocd-project-name';

/** One entity claiming a target. @public */
export interface OwnershipClaim {
  entityRef: string;
  claimedBy: ClaimedBy;
  /** the entity comes from a trusted catalog source */
  trusted: boolean;
  /** where the catalog read it from (backstage.io/managed-by-origin-location) */
  origin?: string;
  /** the entity's spec.owner as a ref */
  owner?: string;
  /** this claim alone would grant the write (exact, trusted) */
  exact: boolean;
}

/**
 * Who may write a target: only entities from a trusted source that claim it
 * exactly (kubernetes-id equal to the object's label, or the application's
 * name in argocd/app-name), and only when every trusted claimant has the same
 * owner (a service and the ML model Resource its team registered for it may
 * both claim the Deployment; another team's claim blocks every write).
 * @public
 */
export interface WriteOwnership {
  /** e.g. "Deployment supply-chain/order-service in cluster sandbox" */
  target: string;
  claims: OwnershipClaim[];
  /** the entity the target belongs to (a Component before other kinds) */
  writer?: string;
  /** every entity in whose name a write is allowed */
  writers: string[];
  /** more than one owner, or an untrusted source, claims the target (shown on reads too) */
  contested: boolean;
  /** why there is no writer, or who it is, in words */
  reason: string;
}

function describeClaimants(claims: OwnershipClaim[]): string {
  const refs = claims.map(c => c.entityRef);
  if (refs.length <= 1) return refs.join('');
  return `${refs.slice(0, -1).join(', ')} and ${refs[refs.length - 1]}`;
}

function decide(target: string, claims: OwnershipClaim[]): WriteOwnership {
  // the catalog's order is not stable: answers and messages are
  claims.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  const trusted = claims.filter(c => c.trusted);
  const owners = new Set(trusted.map(c => c.owner ?? c.entityRef));
  const contested =
    claims.length > 1 && (owners.size > 1 || trusted.length < claims.length);
  const base = { target, claims, contested, writers: [] as string[] };
  if (owners.size > 1) {
    return {
      ...base,
      reason: `${target} is claimed by ${describeClaimants(
        trusted,
      )}; writes are blocked until only one team claims it`,
    };
  }
  if (trusted.length === 0) {
    const untrusted = claims.length
      ? ` (claimed only by ${describeClaimants(
          claims,
        )}, from catalog locations that are not trusted ownership sources)`
      : '';
    return {
      ...base,
      reason: `no entity from a trusted catalog source claims ${target}${untrusted}`,
    };
  }
  const exact = trusted.filter(c => c.exact);
  if (exact.length === 0) {
    const [first] = trusted;
    return {
      ...base,
      reason: `${first.entityRef} claims ${target} by ${
        first.claimedBy
      }, which never grants writes; ${
        first.claimedBy.startsWith('argocd')
          ? `name the application in ${ARGOCD_ANNOTATION_APP_NAME}`
          : `set ${ANNOTATION_KUBERNETES_ID} to the object's ${ANNOTATION_KUBERNETES_ID} label`
      }`,
    };
  }
  const writers = exact.map(c => c.entityRef);
  const writer =
    writers.find(ref => ref.startsWith('component:')) ?? writers[0];
  return {
    ...base,
    writer,
    writers,
    reason: `${target} belongs to ${writer}`,
  };
}

function ownerRef(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return owner;
  }
}

/** The annotations whose presence makes an entity a possible claimant of a cluster object. */
export const KUBERNETES_CLAIM_ANNOTATIONS = [
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_KUBERNETES_CLUSTER,
];

function hasKubernetesAnnotations(entity: Entity): boolean {
  const a = entity.metadata.annotations ?? {};
  return KUBERNETES_CLAIM_ANNOTATIONS.some(k => a[k]);
}

/** One entity's claim; `grants` says whether this way of claiming could grant a write. */
function claimOf(
  entity: Entity,
  claimedBy: ClaimedBy,
  trust: TrustedSources,
  grants: boolean,
): OwnershipClaim {
  const trusted = trust.isTrusted(entity);
  return {
    entityRef: stringifyEntityRef(entity),
    claimedBy,
    trusted,
    origin: trust.originOf(entity),
    owner: ownerRef(entity),
    exact: trusted && grants,
  };
}

/**
 * The write ownership of a cluster object among `entities` (every entity with
 * Kubernetes annotations): claims as the official plugin reads them, writer by
 * the portal's rule (see WriteOwnership). Pure; the service feeds it the catalog.
 * @public
 */
export function workloadWriteOwnership(
  target: WorkloadTarget,
  entities: Entity[],
  trust: TrustedSources,
): WriteOwnership {
  const object = {
    metadata: { namespace: target.namespace, labels: target.labels },
  };
  const label = target.labels?.[ANNOTATION_KUBERNETES_ID];
  const claims: OwnershipClaim[] = [];
  for (const entity of entities) {
    if (!hasKubernetesAnnotations(entity)) continue;
    if (!filterMatches(entityObjectFilter(entity), target.cluster, object)) {
      continue;
    }
    const a = entity.metadata.annotations ?? {};
    const claimedBy: ClaimedBy = a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]
      ? 'kubernetes-label-selector'
      : 'kubernetes-id';
    claims.push(
      claimOf(
        entity,
        claimedBy,
        trust,
        claimedBy === 'kubernetes-id' &&
          !!label &&
          // explicitly annotated: the official plugin's name fallback never grants writes
          a[ANNOTATION_KUBERNETES_ID] === label,
      ),
    );
  }
  return decide(
    `${target.kind} ${target.namespace}/${target.name} in cluster ${target.cluster}`,
    claims,
  );
}

/**
 * The write ownership of an Argo CD application among `entities` (every entity
 * with Argo CD annotations). Only `argocd/app-name` grants writes; selectors and
 * projects claim for reads.
 * @public
 */
export function argoCdApplicationWriteOwnership(
  target: ArgoCdApplicationTarget,
  entities: Entity[],
  trust: TrustedSources,
): WriteOwnership {
  const claims: OwnershipClaim[] = [];
  for (const entity of entities) {
    const parsed = parseArgoCdAnnotations(entity.metadata.annotations);
    if (!parsed.ok || !parsed.annotated) continue;
    const a = parsed.value;
    if (a.instanceNames.length && !a.instanceNames.includes(target.instance)) {
      continue;
    }
    let claimedBy: ClaimedBy | undefined;
    if (a.appNames.includes(target.name)) claimedBy = 'argocd-app-name';
    else if (a.appSelector) {
      const selector = parseLabelSelector(a.appSelector);
      if (selector && selectorMatches(selector, target.labels)) {
        claimedBy = 'argocd-app-selector';
      }
    }
    if (
      !claimedBy &&
      target.project &&
      a.projectNames.includes(target.project)
    ) {
      claimedBy = 'argocd-project-name';
    }
    if (!claimedBy) continue;
    claims.push(
      claimOf(entity, claimedBy, trust, claimedBy === 'argocd-app-name'),
    );
  }
  return decide(
    `Argo CD application ${target.name} on instance ${target.instance}`,
    claims,
  );
}

/** The annotations whose presence makes an entity a possible Argo CD claimant. */
export const ARGOCD_CLAIM_ANNOTATIONS = [
  ARGOCD_ANNOTATION_APP_NAME,
  ARGOCD_ANNOTATION_APP_SELECTOR,
  ARGOCD_ANNOTATION_PROJECT_NAME,
];

/**
 * Refuses a write on `ownership`'s target in the name of `entityRef` unless
 * that entity is its writer, naming why.
 * @public
 */
export function assertWriter(ownership: WriteOwnership, entityRef: string) {
  if (ownership.writers.includes(entityRef)) return;
  const own = ownership.claims.find(c => c.entityRef === entityRef);
  let why: string;
  if (!own) why = `${entityRef} does not claim ${ownership.target}`;
  else if (!own.trusted) {
    why = `${entityRef} comes from ${
      own.origin ?? 'an unknown location'
    }, which is not a trusted ownership source (supplyChain.ownership.trustedLocations)`;
  } else why = ownership.reason;
  throw new NotAllowedError(
    ownership.writer && why !== ownership.reason
      ? `${why}; ${ownership.reason}`
      : why,
  );
}
