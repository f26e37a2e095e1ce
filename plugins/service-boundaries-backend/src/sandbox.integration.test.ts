/*
 * Drift and unowned workloads against the sandbox's real kube-apiserver: the
 * plugin reads the cluster through the shared rollouts watch cache with the
 * least-privilege portal token; the test changes the cluster with the admin
 * kubeconfig, as a platform engineer would with kubectl, and puts it back.
 * Fails (never skips) when the sandbox cannot be started.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ensureSandbox,
  portalKubernetesConfig,
  Sandbox,
  waitUntil,
} from '@supply-chain/sandbox-harness';
import type {
  DriftReport,
  UnownedReport,
} from '@supply-chain/plugin-service-boundaries-common';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { serviceBoundariesPlugin } from './plugin';
import { loadRealCatalog } from '@supply-chain/plugin-service-boundaries-common/testUtils';

jest.setTimeout(300_000);

const INVENTORY = 'component:default/inventory-service';
const principal = (sa: string) => `cluster.local/ns/supply-chain/sa/${sa}`;

let sb: Sandbox;
let server: any;
let savedPolicy: any;
let savedConfigMap: any;

function kubectl(args: string[], input?: string): string {
  return execFileSync(
    join(sb.stateDir, 'bin', 'kubectl'),
    ['--kubeconfig', sb.kubeconfigPath, '-n', 'supply-chain', ...args],
    { encoding: 'utf8', input, timeout: 60_000 },
  );
}
const getObject = (kind: string, name: string) =>
  JSON.parse(kubectl(['get', kind, name, '-o', 'json']));
/** `kubectl replace` with what was saved, so the object is exactly as before. */
function restore(object: any) {
  if (!object) return;
  const { resourceVersion, uid, creationTimestamp, generation, ...metadata } =
    object.metadata;
  kubectl(
    ['replace', '-f', '-'],
    JSON.stringify({ ...object, metadata, status: undefined }),
  );
}

const drift = async (entityRef = INVENTORY): Promise<DriftReport> => {
  const res = await request(server).get(
    `/api/service-boundaries/drift?entityRef=${encodeURIComponent(entityRef)}`,
  );
  expect(res.status).toBe(200);
  return res.body;
};
const inventoryDrift = async () => (await drift()).services[0];
const callerNames = (callers: Array<{ component?: { name: string } }>) =>
  callers.map(c => c.component?.name ?? '?').sort();

beforeAll(async () => {
  sb = await ensureSandbox();
  savedPolicy = getObject('authorizationpolicy', 'inventory-service-authz');
  savedConfigMap = getObject('configmap', 'service-boundaries');
  ({ server } = await startTestBackend({
    features: [
      serviceBoundariesPlugin,
      catalogServiceMock.factory({ entities: loadRealCatalog() }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: portalKubernetesConfig(sb),
        },
      }),
    ],
  }));
});

afterAll(async () => {
  restore(savedPolicy);
  restore(savedConfigMap);
  kubectl(['delete', 'deployment', 'stray-report-job', '--ignore-not-found']);
  await sb?.stop();
});

it('baseline: the seeded policy admits order-service and ml-prediction-service (declared) and admin-sa (undeclared)', async () => {
  const service = await waitUntil(
    'the cluster facts of the sandbox',
    inventoryDrift,
    s => s.policies.length > 0,
  );
  expect(service.meshEnforced).toBe(true);
  expect(service.policies).toEqual([
    'sandbox/supply-chain/inventory-service-authz',
  ]);
  expect(callerNames(service.allowedCallers)).toEqual(
    expect.arrayContaining(['ml-prediction-service', 'order-service']),
  );
  expect(service.undeclaredCallers.map(c => c.principal)).toEqual([
    principal('admin-sa'),
  ]);
  expect(service.refusedDependencies).toEqual([]);
  expect(service.responsibilities.status).toBe('same');
});

it('an AuthorizationPolicy edited in the cluster shows up as drift: a new undeclared caller and a declared dependency the mesh now refuses', async () => {
  // A platform engineer lets shipping-service in and drops order-service.
  const edited = structuredClone(savedPolicy);
  edited.spec.rules[0].from = [
    { source: { principals: [principal('shipping-service-sa')] } },
    { source: { principals: [principal('ml-prediction-service-sa')] } },
  ];
  restore(edited);

  const service = await waitUntil(
    'the edited policy to be seen',
    inventoryDrift,
    s => s.refusedDependencies.length > 0,
  );
  expect(
    service.undeclaredCallers.map(c => [c.principal, c.component?.name]),
  ).toEqual(
    expect.arrayContaining([
      [principal('shipping-service-sa'), 'shipping-service'],
      [principal('admin-sa'), undefined],
    ]),
  );
  expect(service.refusedDependencies.map(d => d.component.name)).toEqual([
    'order-service',
  ]);
  expect(service.refusedDependencies[0].message).toMatch(/order-service/);

  // The system-wide report counts the same findings.
  const all = await drift('system:default/inventory-management');
  expect(all.cluster.status).toBe('available');
  expect(all.summary.refusedDependencies).toBeGreaterThanOrEqual(1);

  restore(savedPolicy);
  await waitUntil(
    'the restored policy to be seen',
    inventoryDrift,
    s => s.refusedDependencies.length === 0,
  );
});

it('responsibilities changed in the service-boundaries ConfigMap differ from the catalog', async () => {
  const edited = structuredClone(savedConfigMap);
  edited.data['inventory-service'] = edited.data['inventory-service'].replace(
    '- Low stock alerts\n',
    '- Low stock alerts\n- Supplier purchase orders\n',
  );
  restore(edited);
  const service = await waitUntil(
    'the edited ConfigMap to be seen',
    inventoryDrift,
    s => s.responsibilities.status === 'differs',
  );
  expect(service.responsibilities.onlyInCluster).toEqual([
    'Supplier purchase orders',
  ]);
  expect(service.responsibilities.source).toBe('sandbox/supply-chain');
  restore(savedConfigMap);
  await waitUntil(
    'the restored ConfigMap to be seen',
    inventoryDrift,
    s => s.responsibilities.status === 'same',
  );
});

it('a Deployment no catalog entity claims is listed as unowned, with its namespace and image', async () => {
  kubectl([
    'create',
    'deployment',
    'stray-report-job',
    '--image=registry.example/reports/stray:1.0',
  ]);
  const report = await waitUntil(
    'the stray Deployment in /unowned',
    async () =>
      (
        await request(server).get('/api/service-boundaries/unowned')
      ).body as UnownedReport,
    r =>
      r.clusters.some(c =>
        c.namespaces.some(n =>
          n.workloads.some(w => w.name === 'stray-report-job'),
        ),
      ),
  );
  const namespace = report.clusters
    .find(c => c.cluster === 'sandbox')!
    .namespaces.find(n => n.namespace === 'supply-chain')!;
  expect(
    namespace.workloads.find(w => w.name === 'stray-report-job'),
  ).toMatchObject({
    kind: 'Deployment',
    images: ['registry.example/reports/stray:1.0'],
  });
  // the four catalogued services are claimed, so never listed
  expect(namespace.workloads.map(w => w.name)).not.toContain(
    'inventory-service',
  );
});
