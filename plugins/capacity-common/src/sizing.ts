import { parseQuantity } from '@supply-chain/plugin-rollouts-common';
import {
  ContainerRecommendation,
  HpaHeadroom,
  ResourceAmounts,
  ResourceVerdict,
  SizedResource,
} from './types';

const RESOURCES: SizedResource[] = ['cpu', 'memory'];

/**
 * A Kubernetes resource list (`{ cpu: '250m', memory: '512Mi' }`) as numbers:
 * cpu in cores, memory in bytes. Other resources and unparsable values are left out.
 * @public
 */
export function resourceAmounts(
  list: Record<string, string | number> | undefined,
): ResourceAmounts {
  const amounts: ResourceAmounts = {};
  for (const r of RESOURCES) {
    const value = parseQuantity(list?.[r]);
    if (value !== undefined) amounts[r] = value;
  }
  return amounts;
}

/** A VPA container recommendation as numbers. @public */
export function parseRecommendation(rec: {
  target?: Record<string, string>;
  lowerBound?: Record<string, string>;
  upperBound?: Record<string, string>;
  uncappedTarget?: Record<string, string>;
}): ContainerRecommendation {
  return {
    target: resourceAmounts(rec.target),
    lowerBound: resourceAmounts(rec.lowerBound),
    upperBound: resourceAmounts(rec.upperBound),
    uncappedTarget: resourceAmounts(rec.uncappedTarget),
  };
}

/** "250m" cores or "512Mi" bytes, for messages. @public */
export function formatAmount(resource: SizedResource, value: number): string {
  if (resource === 'cpu') {
    return value < 1 ? `${Math.round(value * 1000)}m` : `${+value.toFixed(3)}`;
  }
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let v = value;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${+v.toFixed(1)}${units[i]}`;
}

/**
 * How a container's request of one resource compares with the VPA's bounds:
 * above the upper bound is over-provisioned, below the lower bound
 * under-provisioned, else within bounds; without a recommendation for that
 * resource, no recommendation yet.
 * @public
 */
export function sizingVerdict(
  resource: SizedResource,
  request: number | undefined,
  recommendation: ContainerRecommendation | undefined,
): ResourceVerdict {
  const lower = recommendation?.lowerBound[resource];
  const upper = recommendation?.upperBound[resource];
  const target = recommendation?.target[resource];
  if (lower === undefined || upper === undefined) {
    return {
      verdict: 'no recommendation yet',
      message: `The VPA has no ${resource} recommendation yet`,
    };
  }
  const bounds = `${formatAmount(resource, lower)}–${formatAmount(
    resource,
    upper,
  )}`;
  const suggest =
    target === undefined
      ? ''
      : `; the VPA suggests ${formatAmount(resource, target)}`;
  if (request === undefined) {
    return {
      verdict: 'under-provisioned',
      message: `No ${resource} request is set; the VPA's bounds are ${bounds}${suggest}`,
    };
  }
  const requested = formatAmount(resource, request);
  if (request > upper) {
    return {
      verdict: 'over-provisioned',
      message: `Requests ${requested} ${resource}, above the VPA's upper bound ${formatAmount(
        resource,
        upper,
      )}${suggest}`,
    };
  }
  if (request < lower) {
    return {
      verdict: 'under-provisioned',
      message: `Requests ${requested} ${resource}, below the VPA's lower bound ${formatAmount(
        resource,
        lower,
      )}${suggest}`,
    };
  }
  return {
    verdict: 'within bounds',
    message: `Requests ${requested} ${resource}, within the VPA's bounds ${bounds}`,
  };
}

/**
 * What a VPA does in its `spec.updatePolicy.updateMode`, in words; the mode
 * defaults to Auto as in the recommender.
 * @public
 */
export function updateModeMeaning(updateMode: string | undefined): string {
  switch (updateMode ?? 'Auto') {
    case 'Auto':
    case 'Recreate':
      return 'Applies its recommendation by evicting pods, which restart with the new requests';
    case 'InPlaceOrRecreate':
      return 'Applies its recommendation by resizing pods in place where it can, else by evicting them';
    case 'Initial':
      return 'Applies its recommendation only when a pod is created; running pods keep their requests';
    case 'Off':
      return 'Only recommends; it never changes pods';
    default:
      return `Unknown update mode ${updateMode}; the VPA's behaviour is not known to the portal`;
  }
}

/** usage / requests per resource (only where both are known and the request is positive). @public */
export function shareOfRequests(
  usage: ResourceAmounts,
  requests: ResourceAmounts,
): ResourceAmounts {
  const share: ResourceAmounts = {};
  for (const r of RESOURCES) {
    const u = usage[r];
    const q = requests[r];
    if (u !== undefined && q !== undefined && q > 0) share[r] = u / q;
  }
  return share;
}

/** The mean of several pods' usage, per resource. @public */
export function meanUsage(
  usages: ResourceAmounts[],
): ResourceAmounts | undefined {
  if (!usages.length) return undefined;
  const mean: ResourceAmounts = {};
  for (const r of RESOURCES) {
    const values = usages
      .map(u => u[r])
      .filter((v): v is number => v !== undefined);
    if (values.length)
      mean[r] = values.reduce((a, b) => a + b, 0) / values.length;
  }
  return mean;
}

/**
 * How far an HPA can still scale out: replicas left before maxReplicas, and
 * whether it is capped (at or above maxReplicas).
 * @public
 */
export function hpaHeadroom(hpa: {
  metadata: { name: string };
  spec: { minReplicas?: number; maxReplicas: number };
  status?: { currentReplicas?: number };
}): HpaHeadroom {
  const currentReplicas = hpa.status?.currentReplicas ?? 0;
  const minReplicas = hpa.spec.minReplicas ?? 1;
  const maxReplicas = hpa.spec.maxReplicas;
  const headroom = Math.max(0, maxReplicas - currentReplicas);
  const capped = currentReplicas >= maxReplicas;
  return {
    name: hpa.metadata.name,
    currentReplicas,
    minReplicas,
    maxReplicas,
    headroom,
    capped,
    message: capped
      ? `Capped: runs ${currentReplicas} of at most ${maxReplicas} replicas and cannot scale out further`
      : `Runs ${currentReplicas} of at most ${maxReplicas} replicas; can add ${headroom} more`,
  };
}
