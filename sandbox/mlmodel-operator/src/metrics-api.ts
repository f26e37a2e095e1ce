// A small stand-in for metrics-server + a custom-metrics adapter, served to
// the kube-apiserver's aggregation layer (APIServices v1beta1.metrics.k8s.io
// and v1beta2.custom.metrics.k8s.io -> ExternalName service -> this HTTPS
// server on 127.0.0.1). kwok pods use no CPU, so usage is derived from each
// pod's requests and the load table in ConfigMap supply-chain/sandbox-metrics
// (an app's total demand, split across its running pods; see metrics.ts and
// sandbox/README.md). The real HPA controller reads these numbers.
import * as https from 'node:https';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as k8s from '@kubernetes/client-node';
import {
  measurable,
  parseLoadTable,
  podMetrics,
  replicaCounts,
  requestsMetric,
} from './metrics.ts';
import type { Load } from './metrics.ts';

const LOAD_NAMESPACE = 'supply-chain';
const LOAD_CONFIGMAP = 'sandbox-metrics';
const CUSTOM_METRIC = 'http_requests_per_second';

export function startMetricsApi(
  core: k8s.CoreV1Api,
  port: number,
  pkiDir: string,
  log: (m: string) => void,
) {
  let cached: { at: number; table: Map<string, Load> } | undefined;
  async function loadTable(): Promise<Map<string, Load>> {
    if (cached && Date.now() - cached.at < 2000) return cached.table;
    let data: Record<string, string> | undefined;
    try {
      data = (
        await core.readNamespacedConfigMap({
          namespace: LOAD_NAMESPACE,
          name: LOAD_CONFIGMAP,
        })
      ).data;
    } catch {
      data = undefined;
    }
    cached = { at: Date.now(), table: parseLoadTable(data) };
    return cached.table;
  }

  async function pods(
    ns: string | undefined,
    labelSelector: string | undefined,
  ): Promise<k8s.V1Pod[]> {
    const list = ns
      ? await core.listNamespacedPod({ namespace: ns, labelSelector })
      : await core.listPodForAllNamespaces({ labelSelector });
    return list.items.filter(measurable);
  }

  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what: string) =>
    send(res, 404, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: `${what} not found`,
    });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const sel = url.searchParams.get('labelSelector') ?? undefined;
    const p = url.pathname.replace(/\/+$/, '');
    const now = new Date();
    if (p === '/healthz' || p === '/readyz' || p === '/livez')
      return send(res, 200, 'ok');
    if (p === '/apis/metrics.k8s.io/v1beta1') {
      return send(res, 200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'metrics.k8s.io/v1beta1',
        resources: [
          {
            name: 'nodes',
            singularName: '',
            namespaced: false,
            kind: 'NodeMetrics',
            verbs: ['get', 'list'],
          },
          {
            name: 'pods',
            singularName: '',
            namespaced: true,
            kind: 'PodMetrics',
            verbs: ['get', 'list'],
          },
        ],
      });
    }
    if (p === '/apis/custom.metrics.k8s.io/v1beta2') {
      return send(res, 200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'custom.metrics.k8s.io/v1beta2',
        resources: [
          {
            name: `pods/${CUSTOM_METRIC}`,
            singularName: '',
            namespaced: true,
            kind: 'MetricValueList',
            verbs: ['get'],
          },
        ],
      });
    }
    let m =
      /^\/apis\/metrics\.k8s\.io\/v1beta1(?:\/namespaces\/([^/]+))?\/pods(?:\/([^/]+))?$/.exec(
        p,
      );
    if (m) {
      const [, ns, name] = m;
      const table = await loadTable();
      const counts = replicaCounts(await pods(ns, undefined));
      const items = (await pods(ns, sel))
        .filter(x => !name || x.metadata?.name === name)
        .map(x => podMetrics(x, table, now, counts));
      if (name)
        return items[0]
          ? send(res, 200, items[0])
          : notFound(res, `podmetrics ${name}`);
      return send(res, 200, {
        kind: 'PodMetricsList',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: {},
        items,
      });
    }
    m = /^\/apis\/metrics\.k8s\.io\/v1beta1\/nodes(?:\/([^/]+))?$/.exec(p);
    if (m) {
      const name = m[1];
      const table = await loadTable();
      const byNode = new Map<string, { cpu: number; mem: number }>();
      const all = await pods(undefined, undefined);
      const counts = replicaCounts(all);
      for (const pod of all) {
        const pm = podMetrics(pod, table, now, counts);
        const acc = byNode.get(pod.spec!.nodeName!) ?? { cpu: 0, mem: 0 };
        for (const c of pm.containers) {
          acc.cpu += Number(c.usage.cpu.replace('m', ''));
          acc.mem += Number(c.usage.memory.replace('Ki', ''));
        }
        byNode.set(pod.spec!.nodeName!, acc);
      }
      const items = [...byNode.entries()]
        .filter(([n]) => !name || n === name)
        .map(([n, u]) => ({
          kind: 'NodeMetrics',
          apiVersion: 'metrics.k8s.io/v1beta1',
          metadata: { name: n, creationTimestamp: now.toISOString() },
          timestamp: now.toISOString(),
          window: '30s',
          usage: { cpu: `${u.cpu}m`, memory: `${u.mem}Ki` },
        }));
      if (name)
        return items[0]
          ? send(res, 200, items[0])
          : notFound(res, `nodemetrics ${name}`);
      return send(res, 200, {
        kind: 'NodeMetricsList',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: {},
        items,
      });
    }
    m =
      /^\/apis\/custom\.metrics\.k8s\.io\/v1beta2\/namespaces\/([^/]+)\/pods\/([^/]+)\/([^/]+)$/.exec(
        p,
      );
    if (m) {
      // the aggregator forwards "*" percent-encoded (%2A)
      const [ns, podName, metric] = m.slice(1).map(x => decodeURIComponent(x));
      if (metric !== CUSTOM_METRIC) return notFound(res, `metric ${metric}`);
      const table = await loadTable();
      const counts = replicaCounts(await pods(ns, undefined));
      const items = (await pods(ns, sel))
        .filter(x => podName === '*' || x.metadata?.name === podName)
        .map(x => requestsMetric(x, table, now, metric, counts));
      return send(res, 200, {
        kind: 'MetricValueList',
        apiVersion: 'custom.metrics.k8s.io/v1beta2',
        metadata: {},
        items,
      });
    }
    return notFound(res, p);
  }

  const server = https.createServer(
    {
      key: readFileSync(`${pkiDir}/metrics-api.key`),
      cert: readFileSync(`${pkiDir}/metrics-api.crt`),
    },
    (req, res) => {
      handle(req, res).catch(e => {
        log(`metrics api ${req.url}: ${String(e)}`);
        send(res, 500, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code: 500,
          message: String(e),
        });
      });
    },
  );
  server.listen(port, '127.0.0.1', () =>
    log(
      `metrics API (metrics.k8s.io, custom.metrics.k8s.io) on https://127.0.0.1:${port}`,
    ),
  );
  return server;
}
