// Sandbox MLModel operator: watches ml.supplychain.io/v1 MLModels and, for
// each, keeps a "<name>-serving" Deployment and a "<name>" Service (owned by
// the MLModel) and reports status.deploymentStatus pending -> deploying ->
// ready | failed, status.endpoint and status.lastUpdated through the status
// subresource. The failure reason goes to the annotation
// ml.supplychain.io/failure-reason and a Kubernetes Event (the seed's CRD
// status schema has no field for it, and unknown status fields are pruned).
import * as http from 'node:http';
import * as k8s from '@kubernetes/client-node';
import {
  FAILURE_ANNOTATION,
  GROUP,
  MANAGED_BY,
  PLURAL,
  VERSION,
  deploymentDrift,
  desiredDeployment,
  desiredService,
  endpointFor,
  servingName,
  verdict,
} from './model.ts';
import type { MLModel, Verdict } from './model.ts';
import { startMetricsApi } from './metrics-api.ts';

const kc = new k8s.KubeConfig();
kc.loadFromDefault();
const custom = kc.makeApiClient(k8s.CustomObjectsApi);
const apps = kc.makeApiClient(k8s.AppsV1Api);
const core = kc.makeApiClient(k8s.CoreV1Api);
const mergePatch = k8s.setHeaderOptions(
  'Content-Type',
  k8s.PatchStrategy.MergePatch,
);

const log = (msg: string) =>
  process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
const codeOf = (e: unknown): number | undefined =>
  (e as { code?: number }).code;
let lastActivity = Date.now();
let watchesUp = 0;

async function getModel(
  ns: string,
  name: string,
): Promise<MLModel | undefined> {
  try {
    return (await custom.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: ns,
      plural: PLURAL,
      name,
    })) as MLModel;
  } catch (e) {
    if (codeOf(e) === 404) return undefined;
    throw e;
  }
}

async function getDeployment(
  ns: string,
  name: string,
): Promise<k8s.V1Deployment | undefined> {
  try {
    return await apps.readNamespacedDeployment({ namespace: ns, name });
  } catch (e) {
    if (codeOf(e) === 404) return undefined;
    throw e;
  }
}

async function event(
  model: MLModel,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
) {
  const now = new Date();
  try {
    await core.createNamespacedEvent({
      namespace: model.metadata.namespace,
      body: {
        metadata: {
          generateName: `${model.metadata.name}.`,
          namespace: model.metadata.namespace,
        },
        involvedObject: {
          apiVersion: `${GROUP}/${VERSION}`,
          kind: 'MLModel',
          name: model.metadata.name,
          namespace: model.metadata.namespace,
          uid: model.metadata.uid,
        },
        type,
        reason,
        message: message.slice(0, 1000),
        source: { component: MANAGED_BY },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        reportingComponent: MANAGED_BY,
        reportingInstance: MANAGED_BY,
      },
    });
  } catch (e) {
    log(`event for ${model.metadata.name} failed: ${String(e)}`);
  }
}

async function setStatus(model: MLModel, v: Verdict) {
  const endpoint = endpointFor(model);
  const cur = model.status ?? {};
  if (
    cur.deploymentStatus !== v.deploymentStatus ||
    cur.endpoint !== endpoint
  ) {
    const status = {
      deploymentStatus: v.deploymentStatus,
      endpoint,
      lastUpdated: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    await custom.patchNamespacedCustomObjectStatus(
      {
        group: GROUP,
        version: VERSION,
        namespace: model.metadata.namespace,
        plural: PLURAL,
        name: model.metadata.name,
        body: { status },
      },
      mergePatch,
    );
    log(
      `${model.metadata.namespace}/${model.metadata.name}: ${
        cur.deploymentStatus ?? '(none)'
      } -> ${v.deploymentStatus}${v.reason ? ` (${v.reason})` : ''}`,
    );
    if (v.deploymentStatus === 'failed')
      await event(model, 'Warning', 'DeploymentFailed', v.reason);
    else if (v.deploymentStatus === 'ready')
      await event(model, 'Normal', 'ModelReady', `serving at ${endpoint}`);
    else
      await event(
        model,
        'Normal',
        v.deploymentStatus === 'deploying' ? 'Deploying' : 'Pending',
        v.reason,
      );
    model.status = status;
  }
  const have = model.metadata.annotations?.[FAILURE_ANNOTATION];
  const want = v.deploymentStatus === 'failed' ? v.reason : undefined;
  if (have !== want) {
    await custom.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: VERSION,
        namespace: model.metadata.namespace,
        plural: PLURAL,
        name: model.metadata.name,
        body: {
          metadata: { annotations: { [FAILURE_ANNOTATION]: want ?? null } },
        },
      },
      mergePatch,
    );
  }
}

async function reconcile(ns: string, name: string) {
  const model = await getModel(ns, name);
  if (!model || model.metadata.deletionTimestamp) return;
  if (!model.status?.deploymentStatus) {
    await setStatus(model, {
      deploymentStatus: 'pending',
      reason: 'accepted by the operator',
    });
  }
  const first = verdict(model, undefined, []);
  if (first.deploymentStatus === 'failed') {
    await setStatus(model, first); // invalid spec: no serving Deployment
    return;
  }
  const want = desiredDeployment(model);
  let dep = await getDeployment(ns, servingName(model));
  if (!dep) {
    dep = await apps.createNamespacedDeployment({ namespace: ns, body: want });
    log(
      `${ns}/${name}: created Deployment ${servingName(model)} (${
        want.spec?.replicas
      } replicas)`,
    );
  } else if (deploymentDrift(dep, want)) {
    dep = await apps.patchNamespacedDeployment(
      {
        namespace: ns,
        name: servingName(model),
        body: {
          metadata: {
            labels: want.metadata?.labels,
            annotations: want.metadata?.annotations,
          },
          spec: want.spec,
        },
      },
      mergePatch,
    );
    log(`${ns}/${name}: updated Deployment ${servingName(model)}`);
  }
  try {
    await core.readNamespacedService({ namespace: ns, name });
  } catch (e) {
    if (codeOf(e) !== 404) throw e;
    await core.createNamespacedService({
      namespace: ns,
      body: desiredService(model),
    });
  }
  const pods = await core.listNamespacedPod({
    namespace: ns,
    labelSelector: `app=${servingName(model)}`,
  });
  await setStatus(model, verdict(model, dep, pods.items));
}

// ---- work queue: one reconcile per key at a time, coalesced
const queued = new Set<string>();
let running = false;
function enqueue(ns: string | undefined, name: string | undefined) {
  if (!ns || !name) return;
  queued.add(`${ns}/${name}`);
  void drain();
}
async function drain() {
  if (running) return;
  running = true;
  try {
    while (queued.size) {
      const key = queued.values().next().value as string;
      queued.delete(key);
      const [ns, name] = key.split('/');
      try {
        await reconcile(ns, name);
      } catch (e) {
        const body = (e as { body?: unknown }).body;
        log(
          `reconcile ${key} failed: ${String(e)} ${
            body ? JSON.stringify(body).slice(0, 300) : ''
          }`,
        );
        setTimeout(() => enqueue(ns, name), 3000);
      }
      lastActivity = Date.now();
    }
  } finally {
    running = false;
  }
}

async function resyncAll() {
  try {
    const list = (await custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
    })) as { items: MLModel[] };
    for (const m of list.items) enqueue(m.metadata.namespace, m.metadata.name);
  } catch (e) {
    log(`resync failed: ${String(e)}`);
  }
}

function watchForever(
  path: string,
  query: Record<string, string>,
  onObj: (o: k8s.KubernetesObject) => void,
) {
  const w = new k8s.Watch(kc);
  const start = async () => {
    try {
      await w.watch(
        path,
        query,
        (_type, obj: k8s.KubernetesObject) => onObj(obj),
        err => {
          watchesUp--;
          if (err) log(`watch ${path} ended: ${String(err)}`);
          setTimeout(start, 2000);
        },
      );
      watchesUp++;
    } catch (e) {
      log(`watch ${path} failed: ${String(e)}`);
      setTimeout(start, 2000);
    }
  };
  void start();
}

const sel = { labelSelector: `app.kubernetes.io/managed-by=${MANAGED_BY}` };
watchForever(`/apis/${GROUP}/${VERSION}/${PLURAL}`, {}, o =>
  enqueue(o.metadata?.namespace, o.metadata?.name),
);
watchForever('/apis/apps/v1/deployments', sel, o =>
  enqueue(
    o.metadata?.namespace,
    o.metadata?.labels?.['ml.supplychain.io/model'],
  ),
);
watchForever('/api/v1/pods', sel, o =>
  enqueue(
    o.metadata?.namespace,
    o.metadata?.labels?.['ml.supplychain.io/model'],
  ),
);
void resyncAll();
setInterval(resyncAll, 15000);

const port = Number(process.env.SANDBOX_OPERATOR_PORT ?? 46090);
http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(watchesUp >= 3 ? 200 : 503, {
        'content-type': 'application/json',
      });
      res.end(
        JSON.stringify({
          watches: watchesUp,
          lastActivity: new Date(lastActivity).toISOString(),
        }),
      );
      return;
    }
    res.writeHead(404);
    res.end();
  })
  .listen(port, '127.0.0.1', () =>
    log(`mlmodel-operator listening on 127.0.0.1:${port} (/healthz)`),
  );

if (process.env.SANDBOX_METRICS_PORT && process.env.SANDBOX_PKI_DIR) {
  startMetricsApi(
    core,
    Number(process.env.SANDBOX_METRICS_PORT),
    process.env.SANDBOX_PKI_DIR,
    log,
  );
}

for (const sig of ['SIGTERM', 'SIGINT'] as const)
  process.on(sig, () => process.exit(0));
