/*
 * Attack suite, issue 15 class 6 (the rest of the surface): the cluster-wide
 * reads (/unowned, every MLModel, every recorded rollout) against the real
 * backend and cluster. Two backends on one sandbox: aisha.bello of
 * inventory-team, and fernando.mckenzie of platform-team (the admin group),
 * who also shows that admins may act on every team's Deployment.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deploymentFingerprint,
  FOREIGN,
  OWNED,
  PortalUnderAttack,
  startPortalUnderAttack,
} from '../__testUtils__/portalUnderAttack';

jest.setTimeout(900_000);

/** no catalog entity claims these two (no kubernetes-id label) */
const UNCLAIMED_DEPLOYMENT = 'attack-unclaimed-batch';
const UNCLAIMED_MODEL = 'attack-unclaimed-model';
const target = { cluster: 'sandbox', namespace: 'supply-chain' };

let developer: PortalUnderAttack;
let admin: PortalUnderAttack;

const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${UNCLAIMED_DEPLOYMENT}
  namespace: supply-chain
  labels: { app: ${UNCLAIMED_DEPLOYMENT} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${UNCLAIMED_DEPLOYMENT} } }
  template:
    metadata: { labels: { app: ${UNCLAIMED_DEPLOYMENT} } }
    spec:
      containers:
        - { name: batch, image: "your-registry/attack-batch:1" }
---
apiVersion: ml.supplychain.io/v1
kind: MLModel
metadata:
  name: ${UNCLAIMED_MODEL}
  namespace: supply-chain
  labels: { app: ${UNCLAIMED_MODEL} }
spec:
  modelName: attack-unclaimed
  modelVersion: v1.0.0
  framework: sklearn
  resourceRequirements: { memory: 256Mi, cpu: 100m }
  replicas: 1
`;

async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms = 180_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 2000));
  }
}

const recordedDeployments = async (portal: PortalUnderAttack) => {
  const res = await portal.call('GET', '/api/deployment-metrics/rollouts');
  expect(res.status).toBe(200);
  return new Set<string>(res.json.rollouts.map((r: any) => r.deployment));
};

const modelNames = async (portal: PortalUnderAttack) => {
  const res = await portal.call('GET', '/api/rollouts/mlmodels');
  expect(res.status).toBe(200);
  return {
    names: res.json.models.map((m: any) => m.name) as string[],
    onlyClaimed: res.json.onlyClaimed,
  };
};

const deleteAttackObjects = (portal: PortalUnderAttack) =>
  portal.kubectl(
    '-n',
    'supply-chain',
    'delete',
    `deployment/${UNCLAIMED_DEPLOYMENT}`,
    `mlmodel/${UNCLAIMED_MODEL}`,
    '--ignore-not-found',
    '--wait=false',
  );

beforeAll(async () => {
  admin = await startPortalUnderAttack({
    name: 'attack-reads-admin',
    extraConfig: [
      'auth:',
      '  providers:',
      '    guest:',
      '      userEntityRef: user:default/fernando.mckenzie',
      '',
    ].join('\n'),
  });
  developer = await startPortalUnderAttack({ name: 'attack-reads-dev' });
  deleteAttackObjects(admin);
  const file = join(
    mkdtempSync(join(tmpdir(), 'attack-reads-')),
    'objects.yaml',
  );
  writeFileSync(file, manifests);
  admin.kubectl('apply', '-f', file);
}, 900_000);

afterAll(async () => {
  if (admin) deleteAttackObjects(admin);
  await developer?.stop();
  await admin?.stop();
});

describe('class 6: cluster-wide reads', () => {
  it('unowned workloads: the platform team sees the unclaimed Deployment; a developer gets a 403 saying why', async () => {
    const unowned = await until(
      'the unclaimed Deployment in /unowned',
      async () => {
        const res = await admin.call('GET', '/api/service-boundaries/unowned');
        expect(res.status).toBe(200);
        const names = res.json.clusters.flatMap((c: any) =>
          c.namespaces.flatMap((n: any) => n.workloads.map((w: any) => w.name)),
        );
        return names.includes(UNCLAIMED_DEPLOYMENT) ? res.json : undefined;
      },
    );
    expect(unowned.total).toBeGreaterThan(0);

    const refused = await developer.call(
      'GET',
      '/api/service-boundaries/unowned',
    );
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe(
      'Only the platform team sees unowned workloads: a workload no entity you can see claims may be another team’s (permission service-boundaries.unclaimed.read)',
    );
    expect(refused.text).not.toContain(UNCLAIMED_DEPLOYMENT);
  });

  it('MLModels: the platform team sees the unclaimed model; a developer sees the claimed ones only, labelled so', async () => {
    await until('the unclaimed MLModel in the admin list', async () =>
      (await modelNames(admin)).names.includes(UNCLAIMED_MODEL)
        ? true
        : undefined,
    );
    const mine = await modelNames(developer);
    expect(mine.onlyClaimed).toBe(true);
    expect(mine.names).not.toContain(UNCLAIMED_MODEL);
    // the seed's models are claimed by ml-prediction-service, which she can read
    expect(mine.names).toEqual(
      expect.arrayContaining(['demand-forecasting-v2', 'anomaly-detection-v1']),
    );
  });

  it('recorded rollouts: the platform team sees the unclaimed Deployment’s; a developer sees those of components she can read only', async () => {
    admin.kubectl(
      '-n',
      'supply-chain',
      'rollout',
      'restart',
      `deployment/${UNCLAIMED_DEPLOYMENT}`,
    );
    // her own restart: proves her backend records while the unclaimed one stays hidden
    const restarted = await developer.call(
      'POST',
      `/api/rollouts/entity/${OWNED}/actions/restart`,
      { body: { ...target, name: 'inventory-service' } },
    );
    expect(restarted.status).toBe(200);
    await until('both rollouts in the admin view', async () => {
      const seen = await recordedDeployments(admin);
      return seen.has(UNCLAIMED_DEPLOYMENT) && seen.has('inventory-service')
        ? true
        : undefined;
    });
    const mine = await until('her restart in her view', async () => {
      const seen = await recordedDeployments(developer);
      return seen.has('inventory-service') ? seen : undefined;
    });
    expect(mine.has(UNCLAIMED_DEPLOYMENT)).toBe(false);
  });

  it('an admin may act on another team’s Deployment; the same request from the developer is refused and changes nothing', async () => {
    const before = deploymentFingerprint(
      developer.kubeGet('deployment', 'order-service'),
    );
    const refused = await developer.call(
      'POST',
      `/api/rollouts/entity/${FOREIGN}/actions/restart`,
      { body: { ...target, name: 'order-service' } },
    );
    expect(refused.status).toBe(403);
    expect(
      deploymentFingerprint(developer.kubeGet('deployment', 'order-service')),
    ).toEqual(before);

    const generation = developer.kubeGet('deployment', 'order-service').metadata
      .generation;
    const allowed = await admin.call(
      'POST',
      `/api/rollouts/entity/${FOREIGN}/actions/restart`,
      { body: { ...target, name: 'order-service' } },
    );
    expect(allowed.status).toBe(200);
    expect(
      admin.kubeGet('deployment', 'order-service').metadata.generation,
    ).toBeGreaterThan(generation);
  });
});
