import {
  ApplyObject,
  KubernetesApiError,
  KubernetesApplyClient,
} from '@supply-chain/plugin-rollouts-node';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestActionContext } from '../actions/__testUtils__/mockActionContext';
import { configWithPolicy } from '../actions/__testUtils__/policy';
import { createKubernetesApplyAction } from '../actions/kubernetesApply';
import { renderServiceManifests } from '../rendering/serviceManifests';
import { parseServiceSpec, ServiceSpecInput } from '../rendering/serviceSpec';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import {
  clusterDetails,
  kubeRequest,
  SandboxConnection,
  sandboxCluster,
} from './sandboxConnection';

jest.setTimeout(180_000);

const FIELD_MANAGER = 'supply-chain-scaffolder-it';
const gitops = { repoUrl: 'file:///tmp/gitops.git' };
const callers = [
  { serviceAccount: 'order-service-sa', namespace: 'supply-chain' },
  { serviceAccount: 'ml-prediction-service-sa', namespace: 'supply-chain' },
];

const matrix: Array<[string, Partial<ServiceSpecInput>]> = [
  ['all parts, http only', {}],
  [
    'grpc + database + admin caller + pods metric',
    {
      grpc: true,
      database: true,
      adminServiceAccount: 'admin-sa',
      requestsPerSecondTarget: 100,
    },
  ],
  [
    'database, no mesh, no autoscaling',
    {
      database: true,
      include: {
        istio: false,
        authorizationPolicy: false,
        hpa: false,
        pdb: false,
      },
    },
  ],
  [
    'VPA recommending next to the HPA, bounds on both resources',
    {
      vpa: {
        enabled: true,
        minAllowed: { cpu: '100m', memory: '128Mi' },
        maxAllowed: { cpu: '2', memory: '2Gi' },
      },
    },
  ],
  [
    'VPA in Auto instead of the HPA, one bound',
    {
      vpa: { enabled: true, updateMode: 'Auto', maxAllowed: { memory: '1Gi' } },
      include: { hpa: false },
    },
  ],
  [
    'kustomize without Argo CD, custom resources and ports',
    {
      httpPort: 3000,
      grpc: true,
      grpcPort: 50051,
      replicas: 4,
      minReplicas: 3,
      maxReplicas: 6,
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '2', memory: '1Gi' },
      },
      include: { argocdApplication: false },
      gitops: undefined,
    },
  ],
  [
    'plain Deployment + Service + ServiceAccount (no kustomize)',
    {
      include: {
        hpa: false,
        pdb: false,
        istio: false,
        authorizationPolicy: false,
        serviceMonitor: false,
        kustomize: false,
        argocdApplication: false,
      },
      gitops: undefined,
    },
  ],
];

function kustomizeBuild(dir: string): ApplyObject[] {
  // kubectl from the sandbox's PATH (its own build, with kustomize built in)
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return parseYamlDocuments(out) as ApplyObject[];
}

/** What Argo CD would apply: each kustomize build (or the plain base) plus the Application. */
function buildSets(
  rendered: ReturnType<typeof renderServiceManifests>,
): Record<string, ApplyObject[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-it-'));
  for (const f of rendered.files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.content);
  }
  const sets: Record<string, ApplyObject[]> = {};
  if (rendered.files.some(f => f.path === 'base/kustomization.yaml')) {
    for (const variant of ['base', 'overlays/staging', 'overlays/production']) {
      sets[variant] = kustomizeBuild(path.join(dir, variant));
    }
  } else {
    sets.base = rendered.objects
      .filter(o => o.path.startsWith('base/'))
      .map(o => o.object as ApplyObject);
  }
  const application = rendered.objects.find(
    o => o.object.kind === 'Application',
  );
  if (application) sets.argocd = [application.object as ApplyObject];
  return sets;
}

async function dryRunAll(
  client: KubernetesApplyClient,
  objects: ApplyObject[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const o of objects) {
    try {
      await client.apply(o, {
        fieldManager: FIELD_MANAGER,
        force: false,
        dryRun: true,
      });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return problems;
}

describe('rendered manifests on the sandbox apiserver (server-side dry run)', () => {
  let cluster: SandboxConnection;
  let client: KubernetesApplyClient;
  const installedHere: string[] = [];
  let stagingCreatedHere = false;

  beforeAll(async () => {
    cluster = sandboxCluster();
    client = KubernetesApplyClient.create(clusterDetails(cluster));
    const ready = await kubeRequest(cluster, 'GET', '/readyz');
    if (ready.status !== 200) {
      throw new Error(
        `sandbox apiserver ${cluster.url} is not ready (HTTP ${ready.status})`,
      );
    }

    // the sandbox runs no Prometheus Operator / External Secrets: stand-in CRDs while we test
    const crds = parseYamlDocuments(
      fs.readFileSync(
        path.join(__dirname, '__fixtures__/standin-crds.yaml'),
        'utf8',
      ),
    ) as any[];
    for (const crd of crds) {
      const existing = await kubeRequest(
        cluster,
        'GET',
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
      );
      if (existing.status === 404) {
        await client.apply(crd, {
          fieldManager: FIELD_MANAGER,
          force: false,
          dryRun: false,
        });
        installedHere.push(crd.metadata.name);
      }
    }
    for (const crd of crds) {
      const group = `/apis/${crd.spec.group}/${crd.spec.versions[0].name}`;
      for (
        let i = 0;
        i < 60 && (await kubeRequest(cluster, 'GET', group)).status !== 200;
        i++
      ) {
        await new Promise(r => setTimeout(r, 500));
      }
    }
    // the staging overlay's namespace
    if (
      (await kubeRequest(cluster, 'GET', '/api/v1/namespaces/staging'))
        .status === 404
    ) {
      await client.apply(
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: 'staging',
            labels: {
              'app.kubernetes.io/part-of': 'supply-chain-scaffolder-tests',
            },
          },
        },
        { fieldManager: FIELD_MANAGER, force: false, dryRun: false },
      );
      stagingCreatedHere = true;
    }
  });

  afterAll(async () => {
    if (!cluster) return;
    for (const name of installedHere) {
      await kubeRequest(
        cluster,
        'DELETE',
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      );
    }
    if (stagingCreatedHere) {
      await kubeRequest(cluster, 'DELETE', '/api/v1/namespaces/staging');
    }
  });

  it.each(matrix)(
    '%s: every object of base and overlays is accepted',
    async (_, overrides) => {
      const rendered = renderServiceManifests(
        parseServiceSpec({
          name: 'returns-service',
          owner: 'group:default/fulfillment-team',
          gitops,
          ...overrides,
        }),
        callers,
      );
      const sets = buildSets(rendered);
      const problems: Record<string, string[]> = {};
      for (const [variant, objects] of Object.entries(sets)) {
        problems[variant] = await dryRunAll(client, objects);
      }
      expect(problems).toEqual(
        Object.fromEntries(Object.keys(sets).map(k => [k, []])),
      );
    },
  );

  it('kustomize builds the overlays the platform expects', () => {
    const rendered = renderServiceManifests(
      parseServiceSpec({
        name: 'returns-service',
        owner: 'group:default/fulfillment-team',
        gitops,
        replicas: 3,
      }),
      callers,
    );
    const sets = buildSets(rendered);
    const staging = sets['overlays/staging'];
    expect(new Set(staging.map(o => o.metadata.namespace))).toEqual(
      new Set(['staging']),
    );
    expect(
      (staging.find(o => o.kind === 'Deployment') as any).spec.replicas,
    ).toBe(1);
    expect(
      (staging.find(o => o.kind === 'Deployment') as any).metadata.labels
        .environment,
    ).toBe('staging');
    const production = sets['overlays/production'];
    expect(new Set(production.map(o => o.metadata.namespace))).toEqual(
      new Set(['supply-chain']),
    );
    expect(
      (production.find(o => o.kind === 'HorizontalPodAutoscaler') as any).spec,
    ).toMatchObject({ minReplicas: 2, maxReplicas: 20 });
    expect(sets.base).toHaveLength(
      rendered.objects.filter(o => o.path.startsWith('base/')).length,
    );
  });

  it('the dry run is not a rubber stamp: the apiserver rejects a broken Deployment and an unknown field', async () => {
    const rendered = renderServiceManifests(
      parseServiceSpec({
        name: 'returns-service',
        owner: 'group:default/x',
        gitops,
      }),
    );
    const deployment = structuredClone(
      rendered.objects.find(o => o.object.kind === 'Deployment')!.object,
    ) as any;
    deployment.spec.template.metadata.labels.app = 'something-else'; // selector no longer matches
    await expect(
      client.apply(deployment, {
        fieldManager: FIELD_MANAGER,
        force: false,
        dryRun: true,
      }),
    ).rejects.toThrow(
      /selector.*does not match template labels|`selector` does not match template `labels`/,
    );
    const service = structuredClone(
      rendered.objects.find(o => o.object.kind === 'Service')!.object,
    ) as any;
    service.spec.portz = [];
    const error = await client
      .apply(service, {
        fieldManager: FIELD_MANAGER,
        force: false,
        dryRun: true,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error.message).toMatch(
      /\.spec\.portz: field not declared in schema/,
    );
  });

  it('the VPA CRD checks the rendered VPA: it is in every set, and a mode or field it lacks is refused', async () => {
    const rendered = renderServiceManifests(
      parseServiceSpec({
        name: 'returns-service',
        owner: 'group:default/x',
        gitops,
        vpa: { enabled: true, maxAllowed: { cpu: '2' } },
      }),
    );
    const hasVpa = Object.entries(buildSets(rendered)).map(
      ([variant, objects]) => [
        variant,
        objects.some(o => o.kind === 'VerticalPodAutoscaler'),
      ],
    );
    expect(Object.fromEntries(hasVpa)).toEqual({
      base: true,
      'overlays/staging': true,
      'overlays/production': true,
      argocd: false,
    });
    const refusal = async (breakIt: (vpa: any) => void) => {
      const vpa = structuredClone(
        rendered.objects.find(o => o.object.kind === 'VerticalPodAutoscaler')!
          .object,
      ) as any;
      breakIt(vpa);
      return client
        .apply(vpa, { fieldManager: FIELD_MANAGER, force: false, dryRun: true })
        .catch(e => e);
    };
    const badMode = await refusal(vpa => {
      vpa.spec.updatePolicy.updateMode = 'Sometimes';
    });
    expect(badMode).toBeInstanceOf(KubernetesApiError);
    expect(badMode.message).toMatch(/spec\.updatePolicy\.updateMode/);
    const unknownField = await refusal(vpa => {
      vpa.spec.resourcePolicy.containerPolicies[0].maxAllowd = { cpu: '2' };
    });
    expect(unknownField.message).toMatch(
      /maxAllowd: field not declared in schema/,
    );
  });

  it('supply-chain:kubernetes:apply applies for real with its field manager, idempotently', async () => {
    const name = `scaffolder-it-${randomBytes(4).toString('hex')}-sa`;
    const action = createKubernetesApplyAction({
      config: configWithPolicy(
        {},
        {
          clusters: [
            {
              name: 'sandbox',
              url: cluster.url,
              token: cluster.token,
              caData: Buffer.from(
                cluster.caData ?? fs.readFileSync(cluster.caFile!, 'utf8'),
              ).toString('base64'),
            },
          ],
        },
      ),
    });
    const input = {
      cluster: 'sandbox',
      owner: 'group:default/inventory-team',
      namespace: 'supply-chain',
      manifests: [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: {
            name,
            labels: {
              app: 'scaffolder-it',
              'backstage.io/kubernetes-id': 'scaffolder-it',
            },
          },
        },
      ],
    };
    try {
      const ctx = createTestActionContext({ input });
      await action.handler(ctx);
      expect(ctx.outputs.applied).toEqual([
        `ServiceAccount supply-chain/${name}`,
      ]);
      const first = await kubeRequest(
        cluster,
        'GET',
        `/api/v1/namespaces/supply-chain/serviceaccounts/${name}`,
      );
      expect(first.status).toBe(200);
      expect(
        first.json.metadata.managedFields.map((f: any) => [
          f.manager,
          f.operation,
        ]),
      ).toContainEqual(['backstage-scaffolder', 'Apply']);

      await action.handler(createTestActionContext({ input })); // a second run changes nothing
      const second = await kubeRequest(
        cluster,
        'GET',
        `/api/v1/namespaces/supply-chain/serviceaccounts/${name}`,
      );
      expect(second.json.metadata.resourceVersion).toBe(
        first.json.metadata.resourceVersion,
      );
    } finally {
      await kubeRequest(
        cluster,
        'DELETE',
        `/api/v1/namespaces/supply-chain/serviceaccounts/${name}`,
      );
    }
  });
});
