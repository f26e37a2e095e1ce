import { parseInput } from '@supply-chain/portal-common';
import { z } from 'zod';
import {
  CapacityPrices,
  CapacityType,
  DeploymentCost,
  NodeFacts,
  PodCost,
  ResourceAmounts,
} from './types';

/** Hours in a month, for monthly costs (365 × 24 / 12). @public */
export const HOURS_PER_MONTH = 730;

/** The cost rule, in one sentence (the `costBasis` of every answer). @public */
export const COST_BASIS =
  "Each pod costs its share of its node (the larger of its cpu and memory share of the node's allocatable) × the node's hourly price from capacity.prices × 730 hours a month; from requests (a pod's request as the scheduler counts it: the larger of its containers' sum and its largest init container, plus the pod overhead), and from usage where metrics.k8s.io reports it. A node without the eks.amazonaws.com/capacityType label is priced ON_DEMAND.";

const priceSchema = z
  .object({
    nodeGroup: z.string().min(1).optional(),
    instanceType: z.string().min(1).optional(),
    capacityType: z
      .enum(['ON_DEMAND', 'SPOT'], {
        message: 'must be ON_DEMAND or SPOT',
      })
      .default('ON_DEMAND'),
    hourlyPrice: z
      .number({ message: 'must be a number (price per node-hour)' })
      .nonnegative({ message: 'must not be negative' }),
  })
  .strict()
  .refine(p => !!p.nodeGroup !== !!p.instanceType, {
    message: 'set exactly one of nodeGroup and instanceType',
  });

const pricesSchema = z
  .array(priceSchema, { message: 'must be a list of prices' })
  .superRefine((prices, ctx) => {
    const seen = new Set<string>();
    prices.forEach((p, i) => {
      const key = `${p.nodeGroup ? 'nodeGroup' : 'instanceType'} ${
        p.nodeGroup ?? p.instanceType
      } ${p.capacityType}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `a second price for ${key}`,
        });
      }
      seen.add(key);
    });
  });

/**
 * `capacity.prices` and `capacity.currency` as configured (none are built in:
 * without config every node is unpriced), or an InputError naming the field,
 * e.g. `capacity.prices.1.hourlyPrice: must not be negative`.
 * @public
 */
export function parseCapacityPrices(
  prices: unknown,
  currency: unknown = undefined,
): CapacityPrices {
  return {
    currency: parseInput(
      z
        .string({ message: 'must be a currency code such as USD' })
        .min(1)
        .default('USD'),
      currency,
      'capacity.currency',
      { report: 'first' },
    ),
    prices: parseInput(pricesSchema, prices ?? [], 'capacity.prices', {
      report: 'first',
    }),
  };
}

/**
 * A node's hourly price: the price of its node group for its capacity type,
 * else of its instance type; or why there is none.
 * @public
 */
export function nodeHourlyPrice(
  node: NodeFacts,
  prices: CapacityPrices,
): { hourlyPrice: number; source: string } | { missing: string } {
  const capacityType: CapacityType =
    node.capacityType === 'SPOT' ? 'SPOT' : 'ON_DEMAND';
  const forType = prices.prices.filter(p => p.capacityType === capacityType);
  const byGroup =
    node.nodeGroup && forType.find(p => p.nodeGroup === node.nodeGroup);
  if (byGroup) {
    return {
      hourlyPrice: byGroup.hourlyPrice,
      source: `node group ${node.nodeGroup}, ${capacityType}`,
    };
  }
  const byType =
    node.instanceType &&
    forType.find(p => p.instanceType === node.instanceType);
  if (byType) {
    return {
      hourlyPrice: byType.hourlyPrice,
      source: `instance type ${node.instanceType}, ${capacityType}`,
    };
  }
  const what = [node.instanceType, capacityType].filter(Boolean).join(', ');
  return {
    missing: `no price configured for ${
      node.nodeGroup ?? node.instanceType ?? `node ${node.name}`
    } (${what})`,
  };
}

/**
 * The larger of the cpu and memory shares of a node's allocatable that some
 * amounts take; undefined when neither can be computed.
 * @public
 */
export function shareOfNode(
  amounts: ResourceAmounts,
  allocatable: ResourceAmounts,
): number | undefined {
  const shares = (['cpu', 'memory'] as const)
    .filter(r => amounts[r] !== undefined && (allocatable[r] ?? 0) > 0)
    .map(r => amounts[r]! / allocatable[r]!);
  return shares.length ? Math.max(...shares) : undefined;
}

/** The sum of several containers' amounts, per resource. @public */
export function sumAmounts(list: ResourceAmounts[]): ResourceAmounts {
  const sum: ResourceAmounts = {};
  for (const amounts of list) {
    for (const r of ['cpu', 'memory'] as const) {
      if (amounts[r] !== undefined) sum[r] = (sum[r] ?? 0) + amounts[r]!;
    }
  }
  return sum;
}

/**
 * A Deployment's monthly cost by {@link COST_BASIS}: per scheduled pod its
 * requests' (and usage's) share of its node × the node's price × 730 h,
 * summed over the pods that have a price.
 * @public
 */
export function deploymentCost(
  pods: Array<{
    name: string;
    nodeName: string;
    requests: ResourceAmounts;
    usage?: ResourceAmounts;
  }>,
  nodes: NodeFacts[],
  prices: CapacityPrices,
): DeploymentCost {
  const byName = new Map(nodes.map(n => [n.name, n]));
  const missing = new Set<string>();
  const podCosts: PodCost[] = [...pods]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(pod => {
      const node = byName.get(pod.nodeName);
      const base = {
        pod: pod.name,
        node: pod.nodeName,
        ...(node?.nodeGroup ? { nodeGroup: node.nodeGroup } : {}),
      };
      if (!node) {
        const reason = `node ${pod.nodeName} is not listed by the cluster`;
        missing.add(reason);
        return { ...base, missing: reason };
      }
      const price = nodeHourlyPrice(node, prices);
      if ('missing' in price) {
        missing.add(price.missing);
        return { ...base, missing: price.missing };
      }
      const monthly = (share: number | undefined) =>
        share === undefined
          ? undefined
          : share * price.hourlyPrice * HOURS_PER_MONTH;
      const requestShare = shareOfNode(pod.requests, node.allocatable);
      const usageShare = pod.usage
        ? shareOfNode(pod.usage, node.allocatable)
        : undefined;
      return {
        ...base,
        nodeHourlyPrice: price.hourlyPrice,
        priceSource: price.source,
        ...(requestShare !== undefined
          ? { requestShare, monthlyFromRequests: monthly(requestShare) }
          : {}),
        ...(usageShare !== undefined
          ? { usageShare, monthlyFromUsage: monthly(usageShare) }
          : {}),
      };
    });
  const total = (field: 'monthlyFromRequests' | 'monthlyFromUsage') => {
    const values = podCosts
      .map(p => p[field])
      .filter((v): v is number => v !== undefined);
    return values.length ? { [field]: values.reduce((a, b) => a + b, 0) } : {};
  };
  return {
    currency: prices.currency,
    costBasis: COST_BASIS,
    ...total('monthlyFromRequests'),
    ...total('monthlyFromUsage'),
    pods: podCosts,
    missing: [...missing].sort(),
  };
}

/** A cost that cannot be computed, with the reason. @public */
export function unknownCost(
  reason: string,
  prices: CapacityPrices,
): DeploymentCost {
  return {
    currency: prices.currency,
    costBasis: COST_BASIS,
    pods: [],
    missing: [reason],
  };
}
