import {
  DestinationRuleObject,
  IstioHttpRoute,
  ReplicaSetObject,
  VirtualServiceObject,
} from '../kubernetesObjects';
import { TrafficSplitEntry } from '../types';
import { selectorMatches } from './labelSelector';

/** `inventory-service.supply-chain.svc.cluster.local` and `inventory-service` name the same host in namespace supply-chain. */
function sameHost(
  a: string,
  b: string,
  namespace: string | undefined,
): boolean {
  const norm = (h: string) => {
    const parts = h.split('.');
    if (parts.length === 1) return `${parts[0]}.${namespace ?? ''}`;
    return `${parts[0]}.${parts[1]}`;
  };
  return a === b || norm(a) === norm(b);
}

function describeMatch(
  match: Array<Record<string, unknown>> | undefined,
): string | undefined {
  if (!match || match.length === 0) return undefined;
  return match
    .map(m =>
      Object.entries(m)
        .map(([field, value]) => {
          if (value && typeof value === 'object') {
            const inner = Object.entries(value as Record<string, unknown>)
              .map(([k, v]) => {
                if (v && typeof v === 'object') {
                  const [op, val] =
                    Object.entries(v as Record<string, unknown>)[0] ?? [];
                  return op === 'exact' ? `${k}=${val}` : `${k} ${op} ${val}`;
                }
                return `${k}=${v}`;
              })
              .join(',');
            return `${field} ${inner}`;
          }
          return `${field}=${value}`;
        })
        .join(' '),
    )
    .join(' or ');
}

function revisionOf(rs: ReplicaSetObject): number {
  return (
    Number(
      rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0,
    ) || 0
  );
}

/**
 * Which DestinationRule applies to a Deployment: one whose subsets select the
 * pod labels of at least one of the Deployment's ReplicaSets (revisions).
 * @public
 */
export function destinationRuleSelectsReplicaSets(
  rule: DestinationRuleObject,
  replicaSets: ReplicaSetObject[],
): boolean {
  return (rule.spec.subsets ?? []).some(subset =>
    replicaSets.some(rs =>
      selectorMatches(
        { matchLabels: subset.labels ?? {} },
        rs.spec.template?.metadata?.labels,
      ),
    ),
  );
}

/**
 * Picks, among the VirtualServices and DestinationRules of a namespace, the pair
 * that routes this Deployment's pods by subset; undefined when none does.
 * @public
 */
export function findTrafficRouting(
  replicaSets: ReplicaSetObject[],
  virtualServices: VirtualServiceObject[],
  destinationRules: DestinationRuleObject[],
):
  | {
      virtualService: VirtualServiceObject;
      destinationRule: DestinationRuleObject;
    }
  | undefined {
  for (const rule of destinationRules) {
    if (!destinationRuleSelectsReplicaSets(rule, replicaSets)) continue;
    const vs = virtualServices.find(v =>
      (v.spec.http ?? []).some(route =>
        (route.route ?? []).some(
          d =>
            d.destination.subset !== undefined &&
            sameHost(
              d.destination.host,
              rule.spec.host,
              rule.metadata.namespace,
            ),
        ),
      ),
    );
    if (vs) return { virtualService: vs, destinationRule: rule };
  }
  return undefined;
}

/**
 * The traffic split of a VirtualService that routes by DestinationRule subset:
 * one entry per destination of each http route to the rule's host. Entries of the
 * default route (no `match`) have no `condition`. Istio gives a lone destination
 * 100 % and destinations without weight 0 % when others have one.
 * Undefined when the VirtualService does not route to the rule's host by subset.
 * @public
 */
export function computeTrafficSplit(
  virtualService: VirtualServiceObject,
  destinationRule: DestinationRuleObject,
  replicaSets: ReplicaSetObject[] = [],
): TrafficSplitEntry[] | undefined {
  const subsets = destinationRule.spec.subsets ?? [];
  const entries: TrafficSplitEntry[] = [];
  const routes: IstioHttpRoute[] = virtualService.spec.http ?? [];
  for (const route of routes) {
    const dests = (route.route ?? []).filter(
      d =>
        d.destination.subset !== undefined &&
        sameHost(
          d.destination.host,
          destinationRule.spec.host,
          destinationRule.metadata.namespace,
        ),
    );
    if (dests.length === 0) continue;
    const condition = describeMatch(route.match);
    const anyWeight = (route.route ?? []).some(d => d.weight !== undefined);
    for (const d of dests) {
      const subset = subsets.find(s => s.name === d.destination.subset);
      const weight =
        d.weight ?? (!anyWeight && (route.route ?? []).length === 1 ? 100 : 0);
      const revisions = subset
        ? replicaSets
            .filter(rs =>
              selectorMatches(
                { matchLabels: subset.labels ?? {} },
                rs.spec.template?.metadata?.labels,
              ),
            )
            .map(revisionOf)
            .sort((a, b) => b - a)
        : [];
      entries.push({
        subset: d.destination.subset!,
        version: subset?.labels?.version,
        weight,
        ...(condition ? { condition } : {}),
        ...(revisions.length ? { revisions } : {}),
      });
    }
  }
  return entries.length > 0 ? entries : undefined;
}
