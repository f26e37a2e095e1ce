import { HOURS_PER_MONTH, nodeHourlyPrice, sumAmounts } from './cost';
import { shareOfRequests } from './sizing';
import {
  CapacityPrices,
  NodeFacts,
  NodeGroupUtilisation,
  ResourceAmounts,
} from './types';

/**
 * Per node group: allocatable, what the pods on its nodes request and (when
 * every node reports to metrics.k8s.io) what they use, each as a share of the
 * allocatable, and the group's monthly price.
 * `nodeUsage` is per node name; pods without a node are left out; `pods` or
 * `nodeUsage` undefined when they cannot be read.
 * @public
 */
export function nodeGroupUtilisation(
  nodes: NodeFacts[],
  pods: Array<{ nodeName?: string; requests: ResourceAmounts }> | undefined,
  nodeUsage: Map<string, ResourceAmounts> | undefined,
  prices: CapacityPrices,
): NodeGroupUtilisation[] {
  const groups = new Map<string, NodeFacts[]>();
  for (const node of nodes) {
    const key = node.nodeGroup ?? '';
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, members]) => {
      const names = new Set(members.map(n => n.name));
      const missing: string[] = [];
      const allocatable = sumAmounts(members.map(n => n.allocatable));
      // a group without pods requests nothing (0), not "unknown"
      const requested = pods && {
        cpu: 0,
        memory: 0,
        ...sumAmounts(
          pods
            .filter(p => p.nodeName && names.has(p.nodeName))
            .map(p => p.requests),
        ),
      };
      const unreported = members.filter(n => !nodeUsage?.has(n.name));
      if (unreported.length) {
        missing.push(
          `no metrics.k8s.io usage for ${unreported
            .map(n => n.name)
            .sort()
            .join(', ')}`,
        );
      }
      const used = unreported.length
        ? undefined
        : sumAmounts(members.map(n => nodeUsage!.get(n.name)!));
      let hourly = 0;
      for (const node of members) {
        const price = nodeHourlyPrice(node, prices);
        if ('missing' in price) {
          if (!missing.includes(price.missing)) missing.push(price.missing);
        } else hourly += price.hourlyPrice;
      }
      const priced = !missing.some(m => m.startsWith('no price'));
      const distinct = (values: Array<string | undefined>) =>
        [...new Set(values.filter((v): v is string => !!v))].sort();
      return {
        ...(key ? { nodeGroup: key } : {}),
        nodes: [...names].sort(),
        instanceTypes: distinct(members.map(n => n.instanceType)),
        capacityTypes: distinct(members.map(n => n.capacityType)),
        allocatable,
        ...(requested
          ? {
              requested,
              // shareOfRequests is a per-resource ratio: here of the allocatable
              requestedShare: shareOfRequests(requested, allocatable),
            }
          : {}),
        ...(used
          ? { used, usedShare: shareOfRequests(used, allocatable) }
          : {}),
        ...(priced ? { monthlyPrice: hourly * HOURS_PER_MONTH } : {}),
        missing,
      };
    });
}

/**
 * A share of the allocatable as the portal shows it: whole percent, e.g.
 * `78%` for 0.784 (the Capacity page's node-group table).
 * @public
 */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}
