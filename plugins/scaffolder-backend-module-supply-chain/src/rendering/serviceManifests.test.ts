import { InputError } from '@backstage/errors';
import { validateManifestSet } from './manifestValidation';
import {
  HPA_BEHAVIOR,
  renderServiceManifests,
  ServiceCaller,
} from './serviceManifests';
import { parseServiceSpec, ServiceSpecInput } from './serviceSpec';
import { parseYamlDocuments } from './yamlDocuments';

const gitops = { repoUrl: 'https://git.example.com/platform/gitops.git' };

function input(overrides: Partial<ServiceSpecInput> = {}): ServiceSpecInput {
  return {
    name: 'returns-service',
    owner: 'group:default/fulfillment-team',
    gitops,
    ...overrides,
  };
}

function render(
  overrides: Partial<ServiceSpecInput> = {},
  callers: ServiceCaller[] = [],
) {
  return renderServiceManifests(parseServiceSpec(input(overrides)), callers);
}

function objectOf(rendered: ReturnType<typeof render>, kind: string): any {
  return rendered.objects.find(o => o.object.kind === kind)?.object;
}

const orderCaller = {
  serviceAccount: 'order-service-sa',
  namespace: 'supply-chain',
};
const mlCaller = {
  serviceAccount: 'ml-prediction-service-sa',
  namespace: 'supply-chain',
};

describe('renderServiceManifests', () => {
  const allOff = {
    serviceAccount: false,
    hpa: false,
    pdb: false,
    istio: false,
    authorizationPolicy: false,
    serviceMonitor: false,
    kustomize: false,
    argocdApplication: false,
  };
  const matrix: Array<[string, Partial<ServiceSpecInput>, string[]]> = [
    [
      'defaults (http only, no database)',
      {},
      [
        'base/deployment.yaml',
        'base/service.yaml',
        'base/serviceaccount.yaml',
        'base/hpa.yaml',
        'base/pdb.yaml',
        'base/virtualservice.yaml',
        'base/destinationrule.yaml',
        'base/authorizationpolicy.yaml',
        'base/servicemonitor.yaml',
        'base/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/production/kustomization.yaml',
        'argocd/application.yaml',
      ],
    ],
    [
      'grpc + database',
      { grpc: true, database: true },
      [
        'base/deployment.yaml',
        'base/service.yaml',
        'base/serviceaccount.yaml',
        'base/hpa.yaml',
        'base/pdb.yaml',
        'base/virtualservice.yaml',
        'base/destinationrule.yaml',
        'base/authorizationpolicy.yaml',
        'base/servicemonitor.yaml',
        'base/externalsecret.yaml',
        'base/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/production/kustomization.yaml',
        'argocd/application.yaml',
      ],
    ],
    [
      'only the Deployment and Service',
      { include: allOff, gitops: undefined },
      ['base/deployment.yaml', 'base/service.yaml'],
    ],
    [
      'no mesh, no autoscaling, database',
      {
        database: true,
        include: {
          istio: false,
          authorizationPolicy: false,
          hpa: false,
          pdb: false,
        },
      },
      [
        'base/deployment.yaml',
        'base/service.yaml',
        'base/serviceaccount.yaml',
        'base/servicemonitor.yaml',
        'base/externalsecret.yaml',
        'base/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/production/kustomization.yaml',
        'argocd/application.yaml',
      ],
    ],
    [
      'kustomize without Argo CD, pods metric, admin account',
      {
        include: { argocdApplication: false },
        gitops: undefined,
        requestsPerSecondTarget: 100,
        adminServiceAccount: 'admin-sa',
      },
      [
        'base/deployment.yaml',
        'base/service.yaml',
        'base/serviceaccount.yaml',
        'base/hpa.yaml',
        'base/pdb.yaml',
        'base/virtualservice.yaml',
        'base/destinationrule.yaml',
        'base/authorizationpolicy.yaml',
        'base/servicemonitor.yaml',
        'base/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/production/kustomization.yaml',
      ],
    ],
  ];

  it.each(matrix)(
    '%s: emits exactly the expected files, every object valid',
    (_, overrides, expectedFiles) => {
      const rendered = render(overrides, [orderCaller]);
      expect(rendered.files.map(f => f.path)).toEqual(expectedFiles);
      // every file parses back to the objects the renderer built
      const parsedObjects = rendered.files
        .filter(f => !f.path.endsWith('kustomization.yaml'))
        .flatMap(f => parseYamlDocuments(f.content));
      expect(parsedObjects).toEqual(rendered.objects.map(o => o.object));
      expect(validateManifestSet(parsedObjects)).toEqual([]);
      // the base kustomization lists exactly the base files
      const kustomization = rendered.files.find(
        f => f.path === 'base/kustomization.yaml',
      );
      const listed = kustomization
        ? (parseYamlDocuments(kustomization.content)[0] as any).resources.map(
            (r: string) => `base/${r}`,
          )
        : [];
      expect(listed).toEqual(
        expectedFiles.includes('base/kustomization.yaml')
          ? expectedFiles.filter(
              f => f.startsWith('base/') && f !== 'base/kustomization.yaml',
            )
          : [],
      );
      for (const f of rendered.files) {
        expect(f.content).not.toMatch(/undefined|\[object Object\]|: null$/m);
      }
    },
  );

  it('renders the Deployment the platform expects', () => {
    const d = objectOf(
      render({ grpc: true, database: true, version: 'v1.2.3' }),
      'Deployment',
    );
    expect(d.metadata).toMatchObject({
      name: 'returns-service',
      namespace: 'supply-chain',
    });
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
    const pod = d.spec.template;
    expect(pod.metadata.labels).toEqual({
      app: 'returns-service',
      version: 'v1.2.3',
      'backstage.io/kubernetes-id': 'returns-service',
    });
    expect(pod.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '8080',
      'prometheus.io/path': '/metrics',
    });
    expect(pod.spec.serviceAccountName).toBe('returns-service-sa');
    const [c] = pod.spec.containers;
    expect(c.image).toBe('ghcr.io/supply-chain/returns-service:v1.2.3');
    expect(c.ports.map((p: any) => [p.name, p.containerPort])).toEqual([
      ['http', 8080],
      ['grpc', 9090],
    ]);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(c.resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
    expect(c.env).toContainEqual({
      name: 'DATABASE_URL',
      valueFrom: {
        secretKeyRef: {
          name: 'returns-service-database-credentials',
          key: 'url',
        },
      },
    });
    expect(
      pod.spec.affinity.podAntiAffinity
        .preferredDuringSchedulingIgnoredDuringExecution[0],
    ).toEqual({
      weight: 100,
      podAffinityTerm: {
        labelSelector: {
          matchExpressions: [
            { key: 'app', operator: 'In', values: ['returns-service'] },
          ],
        },
        topologyKey: 'kubernetes.io/hostname',
      },
    });
  });

  it('exposes http on Service port 80 and grpc only when asked', () => {
    const ports = (o: any) =>
      o.spec.ports.map((p: any) => `${p.name}:${p.port}->${p.targetPort}`);
    expect(ports(objectOf(render(), 'Service'))).toEqual(['http:80->http']);
    expect(
      ports(objectOf(render({ grpc: true, grpcPort: 9191 }), 'Service')),
    ).toEqual(['http:80->http', 'grpc:9191->grpc']);
  });

  it("uses the seed's HPA behavior policies", () => {
    const hpa = objectOf(
      render({ minReplicas: 2, maxReplicas: 8, replicas: 2 }),
      'HorizontalPodAutoscaler',
    );
    expect(hpa.spec.behavior).toEqual(HPA_BEHAVIOR);
    expect(hpa.spec.behavior.scaleUp.policies).toEqual([
      { type: 'Percent', value: 100, periodSeconds: 15 },
      { type: 'Pods', value: 4, periodSeconds: 15 },
    ]);
    expect(hpa.spec.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 300,
      policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
      selectPolicy: 'Min',
    });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 8]);
    expect(hpa.spec.metrics.map((m: any) => m.type)).toEqual([
      'Resource',
      'Resource',
    ]);
  });

  it('configures retries, connection pool and outlier detection', () => {
    const rendered = render();
    const vs = objectOf(rendered, 'VirtualService');
    expect(vs.spec.http[0].retries).toEqual({
      attempts: 3,
      perTryTimeout: '2s',
      retryOn: '5xx,reset,connect-failure,refused-stream',
    });
    const dr = objectOf(rendered, 'DestinationRule');
    expect(dr.spec.host).toBe('returns-service.supply-chain.svc.cluster.local');
    expect(dr.spec.trafficPolicy.connectionPool.tcp.maxConnections).toBe(100);
    expect(dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBe(3);
  });

  it('allows exactly the catalog callers, sorted and deduplicated, plus the admin account', () => {
    const rendered = render(
      {
        adminServiceAccount: 'admin-sa',
        extraCallers: [{ serviceAccount: 'batch-sa', namespace: 'jobs' }],
      },
      [orderCaller, mlCaller, orderCaller],
    );
    const policy = objectOf(rendered, 'AuthorizationPolicy');
    expect(policy.metadata.name).toBe('returns-service-authz');
    expect(policy.spec.rules[0]).toEqual({
      from: [
        {
          source: {
            principals: [
              'cluster.local/ns/jobs/sa/batch-sa',
              'cluster.local/ns/supply-chain/sa/ml-prediction-service-sa',
              'cluster.local/ns/supply-chain/sa/order-service-sa',
            ],
          },
        },
      ],
      to: [{ operation: { methods: ['GET', 'POST', 'PUT'] } }],
    });
    expect(policy.spec.rules[1]).toEqual({
      from: [
        {
          source: { principals: ['cluster.local/ns/supply-chain/sa/admin-sa'] },
        },
      ],
      to: [{ operation: { methods: ['*'] } }],
    });
    expect(rendered.allowedPrincipals).toHaveLength(4);
  });

  it('with no callers, allows only probes and scrapes', () => {
    const policy = objectOf(render(), 'AuthorizationPolicy');
    expect(policy.spec.rules).toEqual([
      {
        to: [
          {
            operation: {
              methods: ['GET'],
              paths: ['/health', '/metrics', '/ready'],
            },
          },
        ],
      },
    ]);
  });

  it('reads database credentials through an ExternalSecret only when there is a database', () => {
    expect(objectOf(render(), 'ExternalSecret')).toBeUndefined();
    const es = objectOf(
      render({ database: true, databaseSecretKey: 'prod/returns/db' }),
      'ExternalSecret',
    );
    expect(es.spec.target.name).toBe('returns-service-database-credentials');
    expect(es.spec.secretStoreRef).toEqual({
      name: 'aws-secrets-manager',
      kind: 'SecretStore',
    });
    expect(
      es.spec.data.map((d: any) => [
        d.secretKey,
        d.remoteRef.key,
        d.remoteRef.property,
      ]),
    ).toEqual([
      ['url', 'prod/returns/db', 'connection_string'],
      ['username', 'prod/returns/db', 'username'],
      ['password', 'prod/returns/db', 'password'],
    ]);
  });

  it('writes staging and production overlays on top of the base', () => {
    const rendered = render({ replicas: 4, minReplicas: 2, maxReplicas: 12 });
    const overlay = (env: string) =>
      parseYamlDocuments(
        rendered.files.find(
          f => f.path === `overlays/${env}/kustomization.yaml`,
        )!.content,
      )[0] as any;
    const staging = overlay('staging');
    expect(staging.namespace).toBe('staging');
    expect(staging.resources).toEqual(['../../base']);
    const stagingDeployment = parseYamlDocuments(
      staging.patches[0].patch,
    )[0] as any;
    expect(stagingDeployment.spec.replicas).toBe(1);
    expect(stagingDeployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'LOG_LEVEL', value: 'DEBUG' },
    ]);
    const production = overlay('production');
    expect(production.namespace).toBe('supply-chain');
    const productionHpa = parseYamlDocuments(
      production.patches[1].patch,
    )[0] as any;
    expect(productionHpa.spec).toEqual({ minReplicas: 2, maxReplicas: 12 });
  });

  it('points the Argo CD Application at the production overlay in the GitOps repository', () => {
    const rendered = render({
      gitops: { ...gitops, path: 'services/returns' },
    });
    const app = objectOf(rendered, 'Application');
    expect(app.metadata).toMatchObject({
      name: 'returns-service',
      namespace: 'argocd',
    });
    expect(app.spec.source).toEqual({
      repoURL: 'https://git.example.com/platform/gitops.git',
      targetRevision: 'HEAD',
      path: 'services/returns/overlays/production',
    });
    expect(app.spec.destination).toEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'supply-chain',
    });
    expect(app.spec.syncPolicy.automated).toEqual({
      prune: true,
      selfHeal: true,
      allowEmpty: false,
    });
    expect(app.spec.ignoreDifferences[0].jsonPointers).toEqual([
      '/spec/replicas',
    ]);
    expect(
      render().objects.find(o => o.object.kind === 'Application')?.object.spec,
    ).toMatchObject({
      source: { path: 'apps/returns-service/overlays/production' },
    });
  });

  it('is deterministic: same values give the same bytes, whatever the order of callers', () => {
    const a = render({ grpc: true, database: true }, [orderCaller, mlCaller]);
    const b = render({ database: true, grpc: true }, [
      mlCaller,
      orderCaller,
      mlCaller,
    ]);
    expect(b.files).toEqual(a.files);
    expect(
      Buffer.from(b.files.map(f => f.content).join('')).equals(
        Buffer.from(a.files.map(f => f.content).join('')),
      ),
    ).toBe(true);
  });
});

describe('parseServiceSpec', () => {
  const cases: Array<
    [string, Partial<ServiceSpecInput> | Record<string, unknown>, string]
  > = [
    [
      'upper-case name',
      { name: 'Returns' },
      'name: name must be lower-case letters',
    ],
    [
      'name with underscore',
      { name: 'returns_service' },
      'name: name must be lower-case letters',
    ],
    [
      'too long name',
      { name: 'a'.repeat(43) },
      'name: name must be at most 42 characters',
    ],
    ['reserved name', { name: 'argocd' }, "name: name 'argocd' is reserved"],
    [
      'port below 1024',
      { httpPort: 80 },
      'httpPort: httpPort must be between 1024 and 65535',
    ],
    [
      'port above 65535',
      { httpPort: 70000 },
      'httpPort: httpPort must be between 1024 and 65535',
    ],
    [
      'clashing ports',
      { grpc: true, grpcPort: 8080 },
      'grpcPort: grpcPort 8080 clashes with httpPort',
    ],
    [
      'replicas out of range',
      { replicas: 0 },
      'replicas: replicas must be between 1 and 50',
    ],
    [
      'replicas outside the HPA range',
      { replicas: 30 },
      'replicas: replicas (30) must lie between minReplicas (2) and maxReplicas (20)',
    ],
    [
      'min above max',
      { minReplicas: 5, maxReplicas: 3, replicas: 4 },
      'minReplicas: minReplicas (5) must not exceed maxReplicas (3)',
    ],
    [
      'bad quantity',
      { resources: { requests: { cpu: 'lots' } } },
      'resources.requests.cpu: resources.requests.cpu must be a Kubernetes quantity',
    ],
    [
      'request above limit',
      { resources: { requests: { memory: '1Gi' } } },
      'resources.requests.memory: resources.requests.memory (1Gi) must not exceed resources.limits.memory (512Mi)',
    ],
    [
      'bad owner',
      { owner: 'group:default/' },
      'owner: owner must be an entity reference',
    ],
    [
      'unbound repo URL',
      { gitops: { repoUrl: 'https://github.com//returns-service' } },
      'gitops.repoUrl: gitops.repoUrl has an empty path segment',
    ],
    [
      'undefined in repo URL',
      { gitops: { repoUrl: 'https://github.com/undefined/returns' } },
      'gitops.repoUrl: gitops.repoUrl has an empty path segment',
    ],
    [
      'Argo CD without GitOps repo',
      { gitops: undefined },
      'gitops: gitops.repoUrl is required',
    ],
    [
      'Argo CD without kustomize',
      { include: { kustomize: false } },
      'include.kustomize: the Argo CD Application deploys the production overlay',
    ],
    [
      'unknown field',
      { replica: 3 },
      "Unrecognized key(s) in object: 'replica'",
    ],
  ];

  it.each(cases)('%s: InputError naming the field', (_, overrides, message) => {
    let error: unknown;
    try {
      parseServiceSpec({ ...input(), ...overrides });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(message);
  });

  it('fills in the platform defaults', () => {
    expect(parseServiceSpec(input())).toMatchObject({
      namespace: 'supply-chain',
      version: 'v0.1.0',
      httpPort: 8080,
      grpc: false,
      replicas: 3,
      minReplicas: 2,
      maxReplicas: 20,
      include: { hpa: true, kustomize: true, argocdApplication: true },
    });
  });
});

describe('validateManifestSet', () => {
  const objects = () =>
    render({ grpc: true, database: true }).objects.map(o =>
      structuredClone(o.object),
    ) as any[];
  const find = (list: any[], kind: string) => list.find(o => o.kind === kind);

  const breakages: Array<[string, (list: any[]) => void, string]> = [
    [
      'Deployment without containers',
      l => {
        find(l, 'Deployment').spec.template.spec.containers = [];
      },
      'Deployment returns-service: spec.template.spec.containers',
    ],
    [
      'selector not matching the pods',
      l => {
        find(l, 'Deployment').spec.selector.matchLabels.app = 'other';
      },
      'spec.selector does not match the pod template labels',
    ],
    [
      'probe on an undeclared port',
      l => {
        find(
          l,
          'Deployment',
        ).spec.template.spec.containers[0].readinessProbe.httpGet.port =
          'admin';
      },
      'readinessProbe uses port admin',
    ],
    [
      'Service selecting nothing',
      l => {
        find(l, 'Service').spec.selector = { app: 'nope' };
      },
      'Service returns-service: spec.selector selects no rendered Deployment',
    ],
    [
      'Service targetPort unknown',
      l => {
        find(l, 'Service').spec.ports[1].targetPort = 'grpcx';
      },
      'targetPort grpcx is not a container port name',
    ],
    [
      'HPA targeting a missing Deployment',
      l => {
        find(l, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'ghost';
      },
      'scaleTargetRef ghost is not a rendered Deployment',
    ],
    [
      'HPA min above max',
      l => {
        find(l, 'HorizontalPodAutoscaler').spec.minReplicas = 50;
      },
      'minReplicas exceeds maxReplicas',
    ],
    [
      'secret nobody creates',
      l => {
        find(l, 'ExternalSecret').spec.target.name = 'other';
      },
      'reads Secret returns-service-database-credentials, which no ExternalSecret creates',
    ],
    [
      'bad principal',
      l => {
        find(l, 'AuthorizationPolicy').spec.rules.unshift({
          from: [{ source: { principals: ['order-service'] } }],
          to: [{ operation: { methods: ['GET'] } }],
        });
      },
      'not an Istio principal',
    ],
    [
      'empty path segment in Argo CD source',
      l => {
        find(l, 'Application').spec.source.repoURL = 'https://github.com//x';
      },
      'repoURL has an empty segment',
    ],
    [
      'ServiceMonitor port missing',
      l => {
        find(l, 'ServiceMonitor').spec.endpoints[0].port = 'metrics';
      },
      'endpoint port metrics is not a Service port name',
    ],
    [
      'missing namespace',
      l => {
        delete find(l, 'PodDisruptionBudget').metadata.namespace;
      },
      'PodDisruptionBudget returns-service-pdb: metadata.namespace',
    ],
  ];

  it('accepts the rendered set', () => {
    expect(validateManifestSet(objects())).toEqual([]);
  });

  it.each(breakages)('%s is reported', (_, breakIt, message) => {
    const list = objects();
    breakIt(list);
    expect(validateManifestSet(list).join('\n')).toContain(message);
  });
});
