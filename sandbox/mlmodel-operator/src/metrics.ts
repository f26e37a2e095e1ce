// Pure part of the sandbox metrics API: turns pods + a load table into
// metrics.k8s.io / custom.metrics.k8s.io objects. No I/O (tested in metrics.test.ts).
import type { V1Pod } from '@kubernetes/client-node';

/**
 * Total demand on one app, shared evenly by its running pods: cpu and memory
 * in percent of ONE pod's requests (195 = 1.95 pods' worth), rps in requests
 * per second. With N pods each pod uses total/N, so scaling out lowers the
 * per-pod utilisation the HPA sees, as real traffic would.
 */
export interface Load {
  cpuPercent: number;
  memoryPercent: number;
  requestsPerSecond: number;
}

export const DEFAULT_LOAD: Load = {
  cpuPercent: 50,
  memoryPercent: 60,
  requestsPerSecond: 40,
};

/**
 * Parses the `sandbox-metrics` ConfigMap: one key per `app` label, value like
 * "cpu=195,memory=210,rps=285" (missing parts fall back to the defaults).
 */
export function parseLoadTable(
  data: Record<string, string> | undefined,
): Map<string, Load> {
  const table = new Map<string, Load>();
  for (const [app, spec] of Object.entries(data ?? {})) {
    const l: Load = { ...DEFAULT_LOAD };
    for (const part of spec.split(',')) {
      const [k, v] = part.split('=').map(x => x.trim());
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) continue;
      if (k === 'cpu') l.cpuPercent = n;
      else if (k === 'memory') l.memoryPercent = n;
      else if (k === 'rps') l.requestsPerSecond = n;
    }
    table.set(app, l);
  }
  return table;
}

/** Kubernetes quantity -> millicores (cpu) or bytes (memory). */
export function parseQuantity(
  q: string | undefined,
  unit: 'cpu' | 'memory',
): number {
  if (!q) return 0;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const suffix = m[2];
  const bin: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  const dec: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  if (unit === 'cpu') {
    if (suffix === 'm') return n;
    if (suffix === '') return n * 1000;
    return (dec[suffix] ?? 1) * n * 1000;
  }
  if (suffix === '') return n;
  if (suffix === 'm') return n / 1000;
  return n * (bin[suffix] ?? dec[suffix] ?? 1);
}

function loadFor(pod: V1Pod, table: Map<string, Load>): Load {
  return table.get(pod.metadata?.labels?.app ?? '') ?? DEFAULT_LOAD;
}

/** Only running pods on a node have usage (like metrics-server). */
export function measurable(pod: V1Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    !!pod.spec?.nodeName &&
    !pod.metadata?.deletionTimestamp
  );
}

/** Running pods per namespace/app, to split an app's total load. */
export function replicaCounts(pods: V1Pod[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const p of pods) {
    const k = `${p.metadata?.namespace}/${p.metadata?.labels?.app ?? ''}`;
    n.set(k, (n.get(k) ?? 0) + 1);
  }
  return n;
}

function share(pod: V1Pod, counts: Map<string, number>): number {
  return Math.max(
    1,
    counts.get(
      `${pod.metadata?.namespace}/${pod.metadata?.labels?.app ?? ''}`,
    ) ?? 1,
  );
}

export function podMetrics(
  pod: V1Pod,
  table: Map<string, Load>,
  now: Date,
  counts: Map<string, number> = new Map(),
) {
  const load = loadFor(pod, table);
  const n = share(pod, counts);
  return {
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {
      name: pod.metadata?.name,
      namespace: pod.metadata?.namespace,
      labels: pod.metadata?.labels,
      creationTimestamp: now.toISOString(),
    },
    timestamp: now.toISOString(),
    window: '30s',
    containers: (pod.spec?.containers ?? []).map(c => {
      const cpuReq = parseQuantity(c.resources?.requests?.cpu, 'cpu') || 100;
      const memReq =
        parseQuantity(c.resources?.requests?.memory, 'memory') || 128 * 2 ** 20;
      return {
        name: c.name,
        usage: {
          cpu: `${Math.round((cpuReq * load.cpuPercent) / 100 / n)}m`,
          memory: `${Math.round(
            (memReq * load.memoryPercent) / 100 / n / 1024,
          )}Ki`,
        },
      };
    }),
  };
}

export function requestsMetric(
  pod: V1Pod,
  table: Map<string, Load>,
  now: Date,
  metric: string,
  counts: Map<string, number> = new Map(),
) {
  const load = loadFor(pod, table);
  const n = share(pod, counts);
  return {
    describedObject: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace,
      name: pod.metadata?.name,
      apiVersion: '/v1',
    },
    metric: { name: metric, selector: null },
    timestamp: now.toISOString(),
    windowSeconds: 60,
    value: `${Math.round((load.requestsPerSecond * 1000) / n)}m`,
  };
}
