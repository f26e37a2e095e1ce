import { resourceAmounts } from './sizing';
import {
  DeploymentPlacement,
  NodeFacts,
  NodeGroupPlacement,
  NodeTaint,
  PodToleration,
} from './types';

/** The node labels placement and pricing read. @public */
export const NODE_LABELS = {
  nodeGroup: 'eks.amazonaws.com/nodegroup',
  instanceType: 'node.kubernetes.io/instance-type',
  capacityType: 'eks.amazonaws.com/capacityType',
} as const;

/** A Node object (the fields read) as NodeFacts. @public */
export function nodeFacts(node: {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { taints?: NodeTaint[] };
  status?: { allocatable?: Record<string, string> };
}): NodeFacts {
  const labels = node.metadata.labels ?? {};
  return {
    name: node.metadata.name,
    ...(labels[NODE_LABELS.nodeGroup]
      ? { nodeGroup: labels[NODE_LABELS.nodeGroup] }
      : {}),
    ...(labels[NODE_LABELS.instanceType]
      ? { instanceType: labels[NODE_LABELS.instanceType] }
      : {}),
    ...(labels[NODE_LABELS.capacityType]
      ? { capacityType: labels[NODE_LABELS.capacityType] }
      : {}),
    taints: node.spec?.taints ?? [],
    allocatable: resourceAmounts(node.status?.allocatable),
  };
}

/** `workload=ml:NoSchedule`, as kubectl writes a taint. @public */
export function formatTaint(taint: NodeTaint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** Whether a toleration tolerates a taint, by the scheduler's rule. @public */
export function toleratesTaint(
  toleration: PodToleration,
  taint: NodeTaint,
): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  // Equal (the default): an empty key only goes with Exists
  return !!toleration.key && (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * The taints that steer placement: NoSchedule and NoExecute. The node
 * controller's condition taints (`node.kubernetes.io/…`, e.g. not-ready) are
 * not placement rules: every pod tolerates some of them by default.
 */
function placementTaints(node: NodeFacts): NodeTaint[] {
  return node.taints.filter(
    t =>
      (t.effect === 'NoSchedule' || t.effect === 'NoExecute') &&
      !t.key.startsWith('node.kubernetes.io/'),
  );
}

function where(node: NodeFacts): string {
  return node.nodeGroup
    ? `${node.name} (node group ${node.nodeGroup})`
    : node.name;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A placement that cannot be judged, with the reason. @public */
export function unknownPlacement(
  reason: string,
  unscheduledPods: string[] = [],
): DeploymentPlacement {
  return {
    verdict: 'unknown',
    message: reason,
    nodeGroups: [],
    findings: [],
    unscheduledPods,
  };
}

/**
 * Which node groups a Deployment's pods run on, and whether their taints and
 * tolerations agree with it: a pod on a node whose NoSchedule/NoExecute taint
 * it does not tolerate is misplaced (a general pod on a tainted group), and so
 * is a pod that tolerates a taint some node of the cluster carries while its
 * own node lacks it (an ML pod outside the ML group).
 * `nodes` are all the cluster's nodes.
 * @public
 */
export function deploymentPlacement(
  pods: Array<{
    name: string;
    nodeName?: string;
    tolerations?: PodToleration[];
  }>,
  nodes: NodeFacts[],
): DeploymentPlacement {
  const byName = new Map(nodes.map(n => [n.name, n]));
  const unscheduledPods = pods
    .filter(p => !p.nodeName)
    .map(p => p.name)
    .sort();
  const scheduled = pods
    .filter(p => p.nodeName)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!scheduled.length) {
    return unknownPlacement(
      pods.length
        ? 'No pod of this Deployment runs on a node yet'
        : 'This Deployment has no pods',
      unscheduledPods,
    );
  }
  // each steering taint of the cluster and the nodes that carry it
  const clusterTaints = new Map<
    string,
    { taint: NodeTaint; groups: string[] }
  >();
  for (const node of nodes) {
    for (const taint of placementTaints(node)) {
      const key = formatTaint(taint);
      const entry = clusterTaints.get(key) ?? { taint, groups: [] };
      const group = node.nodeGroup
        ? `node group ${node.nodeGroup}`
        : `node ${node.name}`;
      if (!entry.groups.includes(group)) entry.groups.push(group);
      clusterTaints.set(key, entry);
    }
  }
  const findings: string[] = [];
  const groups = new Map<string, NodeGroupPlacement>();
  const tolerated = new Set<string>();
  for (const pod of scheduled) {
    const node = byName.get(pod.nodeName!);
    if (!node) {
      findings.push(
        `Pod ${pod.name} runs on node ${pod.nodeName}, which the cluster does not list`,
      );
      continue;
    }
    const group = groups.get(node.nodeGroup ?? '') ?? {
      ...(node.nodeGroup ? { nodeGroup: node.nodeGroup } : {}),
      instanceTypes: [],
      capacityTypes: [],
      nodes: [],
      pods: [],
    };
    const add = (list: string[], value: string | undefined) => {
      if (value && !list.includes(value)) list.push(value);
    };
    add(group.instanceTypes, node.instanceType);
    add(group.capacityTypes, node.capacityType);
    add(group.nodes, node.name);
    group.pods.push(pod.name);
    groups.set(node.nodeGroup ?? '', group);

    const tolerations = pod.tolerations ?? [];
    const own = placementTaints(node);
    for (const taint of own) {
      if (tolerations.some(t => toleratesTaint(t, taint))) {
        tolerated.add(formatTaint(taint));
      } else {
        findings.push(
          `Pod ${pod.name} runs on ${where(
            node,
          )} without tolerating its taint ${formatTaint(taint)}`,
        );
      }
    }
    for (const [key, { taint, groups: carriers }] of clusterTaints) {
      if (own.some(t => formatTaint(t) === key)) continue;
      if (tolerations.some(t => toleratesTaint(t, taint))) {
        findings.push(
          `Pod ${pod.name} tolerates ${key} (the taint of ${carriers.join(
            ', ',
          )}) but runs on ${where(node)}`,
        );
      }
    }
  }
  const nodeGroups = [...groups.values()].sort((a, b) =>
    (a.nodeGroup ?? '').localeCompare(b.nodeGroup ?? ''),
  );
  for (const g of nodeGroups) {
    g.instanceTypes.sort();
    g.capacityTypes.sort();
    g.nodes.sort();
  }
  const on = nodeGroups
    .map(g => g.nodeGroup ?? 'nodes without a node group label')
    .join(', ');
  const runs = `${plural(scheduled.length, 'pod')} on ${on}`;
  if (findings.length) {
    return {
      verdict: 'misplaced',
      message: `${runs}; ${plural(findings.length, 'placement problem')}`,
      nodeGroups,
      findings,
      unscheduledPods,
    };
  }
  return {
    verdict: 'as intended',
    message: tolerated.size
      ? `${runs}, tolerating ${[...tolerated].sort().join(', ')}, as intended`
      : `${runs}; no taint steers them and they tolerate none elsewhere, as intended`,
    nodeGroups,
    findings,
    unscheduledPods,
  };
}
