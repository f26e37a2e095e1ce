import {
  CapacityTotal,
  DeploymentCost,
  DeploymentSizing,
  NodeGroupCost,
  PodCost,
  ServiceCapacity,
  ServiceVpaVerdict,
} from './types';

/**
 * What "waste" is, in one sentence (the `wasteBasis` of the services answer);
 * {@link podWaste} computes it.
 * @public
 */
export const WASTE_BASIS =
  'Waste is the monthly cost of what is requested but not used: per pod, its cost from requests minus its cost from usage (never below zero), summed over the pods that have both a price and usage from metrics.k8s.io; a pod without usage adds no waste.';

/** One pod's waste by {@link WASTE_BASIS}; undefined without both figures. @public */
export function podWaste(pod: PodCost): number | undefined {
  if (
    pod.monthlyFromRequests === undefined ||
    pod.monthlyFromUsage === undefined
  ) {
    return undefined;
  }
  return Math.max(0, pod.monthlyFromRequests - pod.monthlyFromUsage);
}

/** The sum of the defined values; undefined when none is. */
function sumDefined(values: Array<number | undefined>): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length ? defined.reduce((a, b) => a + b, 0) : undefined;
}

/** A Deployment's waste: the sum of its pods' {@link podWaste}. @public */
export function deploymentWaste(cost: DeploymentCost): number | undefined {
  return sumDefined(cost.pods.map(podWaste));
}

type Figures = Pick<
  NodeGroupCost,
  'monthlyFromRequests' | 'monthlyFromUsage' | 'waste'
>;

function sumFigures(list: Figures[]): Figures {
  const out: Figures = {};
  for (const field of [
    'monthlyFromRequests',
    'monthlyFromUsage',
    'waste',
  ] as const) {
    const sum = sumDefined(list.map(f => f[field]));
    if (sum !== undefined) out[field] = sum;
  }
  return out;
}

function vpaVerdicts(deployment: DeploymentSizing): ServiceVpaVerdict[] {
  const vpa = deployment.vpa;
  if (!vpa) return [];
  return deployment.containers.map(c => ({
    cluster: deployment.cluster,
    namespace: deployment.namespace,
    deployment: deployment.name,
    container: c.name,
    vpa: vpa.name,
    updateMode: vpa.updateMode,
    updateModeMeaning: vpa.updateModeMeaning,
    cpu: c.verdicts.cpu,
    memory: c.verdicts.memory,
    summary: `${c.name}: cpu ${c.verdicts.cpu.verdict}, memory ${c.verdicts.memory.verdict} (VPA ${vpa.name}, ${vpa.updateMode})`,
  }));
}

/**
 * One service's capacity from its Deployments' sizing (as the entity endpoint
 * answers it): the cost figures summed over its Deployments, the same per node
 * group (from each priced pod's node group), its node groups, the VPA verdicts
 * and what is left out.
 * @public
 */
export function serviceCapacity(
  entity: {
    entityRef: string;
    kind: string;
    namespace: string;
    name: string;
    title?: string;
    owner?: string;
    system?: string;
  },
  deployments: DeploymentSizing[],
  problems: string[] = [],
): ServiceCapacity {
  const costs = deployments
    .map(d => d.cost)
    .filter((c): c is DeploymentCost => !!c);
  const pods = costs.flatMap(c => c.pods);
  const groups = new Map<string, PodCost[]>();
  for (const pod of pods) {
    if (pod.missing) continue;
    const key = pod.nodeGroup ?? '';
    groups.set(key, [...(groups.get(key) ?? []), pod]);
  }
  const byNodeGroup: NodeGroupCost[] = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, members]) => ({
      ...(key ? { nodeGroup: key } : {}),
      ...sumFigures(
        members.map(p => ({
          monthlyFromRequests: p.monthlyFromRequests,
          monthlyFromUsage: p.monthlyFromUsage,
          waste: podWaste(p),
        })),
      ),
    }));
  const nodeGroups = [
    ...new Set(
      deployments.flatMap(
        d =>
          d.placement?.nodeGroups
            .map(g => g.nodeGroup)
            .filter((g): g is string => !!g) ?? [],
      ),
    ),
  ].sort();
  const missing = new Set<string>();
  for (const c of costs) c.missing.forEach(m => missing.add(m));
  return {
    entityRef: entity.entityRef,
    kind: entity.kind,
    namespace: entity.namespace,
    name: entity.name,
    ...(entity.title ? { title: entity.title } : {}),
    ...(entity.owner ? { owner: entity.owner } : {}),
    ...(entity.system ? { system: entity.system } : {}),
    deployments: deployments
      .map(d => `${d.cluster}/${d.namespace}/${d.name}`)
      .sort(),
    nodeGroups,
    ...sumFigures(
      costs.map(c => ({
        monthlyFromRequests: c.monthlyFromRequests,
        monthlyFromUsage: c.monthlyFromUsage,
        waste: deploymentWaste(c),
      })),
    ),
    byNodeGroup,
    vpa: deployments.flatMap(vpaVerdicts),
    missing: [...missing].sort(),
    problems,
  };
}

/**
 * The totals of services per owner, per system and per node group. A service
 * counts once in each owner and system; per node group, with what its pods on
 * that group cost (a service on two node groups counts in both, each with its
 * own share). Sorted by key; "none" (no owner, no system, nodes without a
 * node group label) last.
 * @public
 */
export function capacityTotals(services: ServiceCapacity[]): {
  owner: CapacityTotal[];
  system: CapacityTotal[];
  nodeGroup: CapacityTotal[];
} {
  const total = (
    entries: Array<{ key?: string; figures: Figures }>,
  ): CapacityTotal[] => {
    const byKey = new Map<string, Figures[]>();
    for (const e of entries) {
      const key = e.key ?? '';
      byKey.set(key, [...(byKey.get(key) ?? []), e.figures]);
    }
    return (
      [...byKey.entries()]
        // "none" (the empty key) last
        .sort(([a], [b]) => Number(!a) - Number(!b) || a.localeCompare(b))
        .map(([key, figures]) => ({
          ...(key ? { key } : {}),
          services: figures.length,
          ...sumFigures(figures),
        }))
    );
  };
  return {
    owner: total(services.map(s => ({ key: s.owner, figures: s }))),
    system: total(services.map(s => ({ key: s.system, figures: s }))),
    nodeGroup: total(
      services.flatMap(s =>
        s.byNodeGroup.map(g => ({ key: g.nodeGroup, figures: g })),
      ),
    ),
  };
}
