import { ServiceSpec } from './serviceSpec';
import {
  KubernetesObject,
  RenderedFile,
  toYamlDocuments,
} from './yamlDocuments';

/** A workload allowed to call the service, as an Istio principal's parts. */
export type ServiceCaller = {
  serviceAccount: string;
  namespace: string;
};

/** What {@link renderServiceManifests} produces. */
export type RenderedServiceManifests = {
  /** files to write, in a fixed order, paths relative to the target folder */
  files: RenderedFile[];
  /** every object with the file it is written to */
  objects: { path: string; object: KubernetesObject }[];
  /** the Istio principals allowed by the AuthorizationPolicy, sorted */
  allowedPrincipals: string[];
  /** folder (relative to the target) Argo CD deploys, when kustomize is on */
  productionPath?: string;
  argocdApplicationName?: string;
};

/** The seed's HPA behavior: fast scale-up, slow and gentle scale-down. */
export const HPA_BEHAVIOR = {
  scaleUp: {
    stabilizationWindowSeconds: 60,
    policies: [
      { type: 'Percent', value: 100, periodSeconds: 15 },
      { type: 'Pods', value: 4, periodSeconds: 15 },
    ],
    selectPolicy: 'Max',
  },
  scaleDown: {
    stabilizationWindowSeconds: 300,
    policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
    selectPolicy: 'Min',
  },
} as const;

/** The seed's retry policy for calls to a service. */
export const VIRTUAL_SERVICE_RETRIES = {
  attempts: 3,
  perTryTimeout: '2s',
  retryOn: '5xx,reset,connect-failure,refused-stream',
} as const;

/** The seed's connection pool and outlier detection. */
export const DESTINATION_RULE_TRAFFIC_POLICY = {
  connectionPool: {
    tcp: { maxConnections: 100 },
    http: { http1MaxPendingRequests: 50, maxRequestsPerConnection: 10 },
  },
  outlierDetection: {
    consecutive5xxErrors: 3,
    interval: '30s',
    baseEjectionTime: '30s',
    maxEjectionPercent: 50,
  },
} as const;

/** Names of derived objects, in one place so code, tests and docs agree. */
export function derivedNames(name: string) {
  return {
    serviceAccount: `${name}-sa`,
    hpa: `${name}-hpa`,
    pdb: `${name}-pdb`,
    authorizationPolicy: `${name}-authz`,
    databaseSecret: `${name}-database-credentials`,
  };
}

/** The Istio principal of a service account. */
export function principalOf(caller: ServiceCaller): string {
  return `cluster.local/ns/${caller.namespace}/sa/${caller.serviceAccount}`;
}

const SERVICE_HTTP_PORT = 80;

/**
 * Renders every manifest a new service needs. Pure: no I/O, no clock, no
 * randomness; callers are deduplicated and sorted, so the output depends only
 * on the values, never on their order.
 */
export function renderServiceManifests(
  spec: ServiceSpec,
  callers: readonly ServiceCaller[] = [],
): RenderedServiceManifests {
  const names = derivedNames(spec.name);
  const { name, namespace } = spec;
  const labels = {
    app: name,
    'backstage.io/kubernetes-id': name,
  };
  const podLabels = {
    app: name,
    version: spec.version,
    'backstage.io/kubernetes-id': name,
  };
  const meta = (objectName: string, extra: Record<string, unknown> = {}) => ({
    name: objectName,
    namespace,
    labels: { ...labels },
    ...extra,
  });
  const image = spec.image ?? `${spec.imageRegistry}/${name}:${spec.version}`;

  const base: { path: string; object: KubernetesObject }[] = [];
  const add = (file: string, object: KubernetesObject) =>
    base.push({ path: `base/${file}`, object });

  // ------------------------------------------------------------ Deployment
  const containerPorts: Record<string, unknown>[] = [
    { name: 'http', containerPort: spec.httpPort, protocol: 'TCP' },
  ];
  if (spec.grpc) {
    containerPorts.push({
      name: 'grpc',
      containerPort: spec.grpcPort,
      protocol: 'TCP',
    });
  }
  const env: Record<string, unknown>[] = [
    { name: 'PORT', value: String(spec.httpPort) },
    { name: 'LOG_LEVEL', value: 'INFO' },
    { name: 'SERVICE_VERSION', value: spec.version },
  ];
  if (spec.grpc) {
    env.push({ name: 'GRPC_PORT', value: String(spec.grpcPort) });
  }
  if (spec.database) {
    env.push({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: names.databaseSecret, key: 'url' } },
    });
  }
  add('deployment.yaml', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, { labels: { ...podLabels } }),
    spec: {
      replicas: spec.replicas,
      revisionHistoryLimit: 10,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { ...podLabels },
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(spec.httpPort),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          serviceAccountName: spec.include.serviceAccount
            ? names.serviceAccount
            : 'default',
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name,
              image,
              imagePullPolicy: 'IfNotPresent',
              ports: containerPorts,
              env,
              resources: {
                requests: {
                  cpu: spec.resources.requests.cpu,
                  memory: spec.resources.requests.memory,
                },
                limits: {
                  cpu: spec.resources.limits.cpu,
                  memory: spec.resources.limits.memory,
                },
              },
              livenessProbe: {
                httpGet: { path: '/health', port: 'http' },
                initialDelaySeconds: 30,
                periodSeconds: 10,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
              readinessProbe: {
                httpGet: { path: '/ready', port: 'http' },
                initialDelaySeconds: 5,
                periodSeconds: 5,
                timeoutSeconds: 3,
                failureThreshold: 3,
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: {
                      matchExpressions: [
                        { key: 'app', operator: 'In', values: [name] },
                      ],
                    },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
        },
      },
    },
  });

  // --------------------------------------------------------------- Service
  const servicePorts: Record<string, unknown>[] = [
    {
      name: 'http',
      port: SERVICE_HTTP_PORT,
      targetPort: 'http',
      protocol: 'TCP',
    },
  ];
  if (spec.grpc) {
    servicePorts.push({
      name: 'grpc',
      port: spec.grpcPort,
      targetPort: 'grpc',
      protocol: 'TCP',
    });
  }
  add('service.yaml', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: {
      type: 'ClusterIP',
      selector: { app: name },
      ports: servicePorts,
    },
  });

  // -------------------------------------------------------- ServiceAccount
  if (spec.include.serviceAccount) {
    add('serviceaccount.yaml', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(names.serviceAccount),
      automountServiceAccountToken: false,
    });
  }

  // ------------------------------------------------------------------- HPA
  if (spec.include.hpa) {
    const metrics: Record<string, unknown>[] = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 70 },
        },
      },
      {
        type: 'Resource',
        resource: {
          name: 'memory',
          target: { type: 'Utilization', averageUtilization: 80 },
        },
      },
    ];
    if (spec.requestsPerSecondTarget !== undefined) {
      metrics.push({
        type: 'Pods',
        pods: {
          metric: { name: 'http_requests_per_second' },
          target: {
            type: 'AverageValue',
            averageValue: String(spec.requestsPerSecondTarget),
          },
        },
      });
    }
    add('hpa.yaml', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(names.hpa),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: spec.minReplicas,
        maxReplicas: spec.maxReplicas,
        metrics,
        behavior: structuredClone(HPA_BEHAVIOR),
      },
    });
  }

  // ------------------------------------------------------------------- PDB
  if (spec.include.pdb) {
    add('pdb.yaml', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(names.pdb),
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: { app: name } },
      },
    });
  }

  // ----------------------------------------------------------------- Istio
  if (spec.include.istio) {
    const host = `${name}.${namespace}.svc.cluster.local`;
    add('virtualservice.yaml', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: meta(name),
      spec: {
        hosts: [name],
        http: [
          {
            name: 'default',
            route: [
              {
                destination: {
                  host,
                  port: { number: SERVICE_HTTP_PORT },
                },
                weight: 100,
              },
            ],
            timeout: '10s',
            retries: { ...VIRTUAL_SERVICE_RETRIES },
          },
        ],
      },
    });
    add('destinationrule.yaml', {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'DestinationRule',
      metadata: meta(name),
      spec: {
        host,
        trafficPolicy: structuredClone(DESTINATION_RULE_TRAFFIC_POLICY),
      },
    });
  }

  // --------------------------------------------------- AuthorizationPolicy
  const callerPrincipals = [
    ...new Set(
      [
        ...callers,
        ...spec.extraCallers.map(c => ({
          serviceAccount: c.serviceAccount,
          namespace: c.namespace,
        })),
      ].map(principalOf),
    ),
  ].sort();
  const adminPrincipal = spec.adminServiceAccount
    ? principalOf({ serviceAccount: spec.adminServiceAccount, namespace })
    : undefined;
  const allowedPrincipals = spec.include.authorizationPolicy
    ? [
        ...new Set([
          ...callerPrincipals,
          ...(adminPrincipal ? [adminPrincipal] : []),
        ]),
      ].sort()
    : [];
  if (spec.include.authorizationPolicy) {
    const rules: Record<string, unknown>[] = [];
    if (callerPrincipals.length > 0) {
      rules.push({
        from: [{ source: { principals: callerPrincipals } }],
        to: [
          { operation: { methods: [...new Set(spec.callerMethods)].sort() } },
        ],
      });
    }
    if (adminPrincipal) {
      rules.push({
        from: [{ source: { principals: [adminPrincipal] } }],
        to: [{ operation: { methods: ['*'] } }],
      });
    }
    // probes and Prometheus scrapes come from outside the mesh identities
    rules.push({
      to: [
        {
          operation: {
            methods: ['GET'],
            paths: ['/health', '/metrics', '/ready'],
          },
        },
      ],
    });
    add('authorizationpolicy.yaml', {
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'AuthorizationPolicy',
      metadata: meta(names.authorizationPolicy),
      spec: {
        selector: { matchLabels: { app: name } },
        action: 'ALLOW',
        rules,
      },
    });
  }

  // -------------------------------------------------------- ServiceMonitor
  if (spec.include.serviceMonitor) {
    add('servicemonitor.yaml', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta(name),
      spec: {
        selector: { matchLabels: { app: name } },
        endpoints: [
          {
            port: 'http',
            path: '/metrics',
            interval: '30s',
            scrapeTimeout: '10s',
            relabelings: [
              {
                sourceLabels: ['__meta_kubernetes_service_name'],
                targetLabel: 'service',
              },
              {
                sourceLabels: ['__meta_kubernetes_namespace'],
                targetLabel: 'namespace',
              },
              {
                sourceLabels: ['__meta_kubernetes_pod_name'],
                targetLabel: 'pod',
              },
            ],
          },
        ],
      },
    });
  }

  // -------------------------------------------------------- ExternalSecret
  if (spec.database) {
    const remoteKey = spec.databaseSecretKey ?? `production/${name}/database`;
    add('externalsecret.yaml', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: meta(names.databaseSecret),
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: spec.secretStore, kind: 'SecretStore' },
        target: { name: names.databaseSecret, creationPolicy: 'Owner' },
        data: [
          {
            secretKey: 'url',
            remoteRef: { key: remoteKey, property: 'connection_string' },
          },
          {
            secretKey: 'username',
            remoteRef: { key: remoteKey, property: 'username' },
          },
          {
            secretKey: 'password',
            remoteRef: { key: remoteKey, property: 'password' },
          },
        ],
      },
    });
  }

  const objects = [...base];
  const files: RenderedFile[] = base.map(({ path, object }) => ({
    path,
    content: toYamlDocuments([object]),
  }));

  // -------------------------------------------------------------- Kustomize
  let productionPath: string | undefined;
  let argocdApplicationName: string | undefined;
  if (spec.include.kustomize) {
    files.push({
      path: 'base/kustomization.yaml',
      content: toYamlDocuments([
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          namespace,
          resources: base.map(b => b.path.slice('base/'.length)),
        },
      ]),
    });
    files.push(
      overlay('staging', spec.stagingNamespace, {
        replicas: 1,
        minReplicas: 1,
        maxReplicas: Math.max(1, Math.min(3, spec.maxReplicas)),
        logLevel: 'DEBUG',
      }),
      overlay('production', namespace, {
        replicas: spec.replicas,
        minReplicas: spec.minReplicas,
        maxReplicas: spec.maxReplicas,
        logLevel: 'INFO',
      }),
    );
    productionPath = 'overlays/production';
  }

  function overlay(
    environment: string,
    overlayNamespace: string,
    settings: {
      replicas: number;
      minReplicas: number;
      maxReplicas: number;
      logLevel: string;
    },
  ): RenderedFile {
    const patches: Record<string, unknown>[] = [
      {
        target: { kind: 'Deployment', name },
        patch: toYamlDocuments([
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name },
            spec: {
              replicas: settings.replicas,
              template: {
                spec: {
                  containers: [
                    {
                      name,
                      env: [{ name: 'LOG_LEVEL', value: settings.logLevel }],
                    },
                  ],
                },
              },
            },
          },
        ]),
      },
    ];
    if (spec.include.hpa) {
      patches.push({
        target: { kind: 'HorizontalPodAutoscaler', name: names.hpa },
        patch: toYamlDocuments([
          {
            apiVersion: 'autoscaling/v2',
            kind: 'HorizontalPodAutoscaler',
            metadata: { name: names.hpa },
            spec: {
              minReplicas: settings.minReplicas,
              maxReplicas: settings.maxReplicas,
            },
          },
        ]),
      });
    }
    return {
      path: `overlays/${environment}/kustomization.yaml`,
      content: toYamlDocuments([
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          namespace: overlayNamespace,
          resources: ['../../base'],
          labels: [{ pairs: { environment }, includeSelectors: false }],
          patches,
        },
      ]),
    };
  }

  // ----------------------------------------------------- Argo CD Application
  if (spec.include.argocdApplication && spec.gitops && productionPath) {
    const gitopsPath = spec.gitops.path ?? `apps/${name}`;
    argocdApplicationName = name;
    const application: KubernetesObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name,
        namespace: spec.gitops.argocdNamespace,
        labels: { 'backstage.io/kubernetes-id': name },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      } as KubernetesObject['metadata'],
      spec: {
        project: spec.gitops.project,
        source: {
          repoURL: spec.gitops.repoUrl,
          targetRevision: spec.gitops.targetRevision,
          path: `${gitopsPath}/${productionPath}`,
        },
        destination: {
          server: spec.gitops.destinationServer,
          namespace,
        },
        syncPolicy: {
          ...(spec.gitops.automated
            ? { automated: { prune: true, selfHeal: true, allowEmpty: false } }
            : {}),
          syncOptions: [
            'CreateNamespace=true',
            'PrunePropagationPolicy=foreground',
            'PruneLast=true',
          ],
          retry: {
            limit: 5,
            backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
          },
        },
        ...(spec.include.hpa
          ? {
              // the HPA owns the replica count
              ignoreDifferences: [
                {
                  group: 'apps',
                  kind: 'Deployment',
                  name,
                  jsonPointers: ['/spec/replicas'],
                },
              ],
            }
          : {}),
      },
    };
    objects.push({ path: 'argocd/application.yaml', object: application });
    files.push({
      path: 'argocd/application.yaml',
      content: toYamlDocuments([application]),
    });
  }

  return {
    files,
    objects,
    allowedPrincipals,
    productionPath,
    argocdApplicationName,
  };
}
