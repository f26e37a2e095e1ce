import { z } from 'zod/v3';
import { QUANTITY_PATTERN } from './quantity';
import { hasUnboundSegment } from './serviceSpec';
import { describeIssues, DNS_1123_LABEL, LABEL_VALUE } from './validation';

/*
 * Structural checks of the objects the renderer emits: the fields the
 * apiserver (or the CRD's controller) requires, and the references between
 * objects that no schema catches (a Service selecting no pod, an HPA scaling a
 * Deployment that does not exist, a probe on a port that is not declared).
 * The integration test additionally sends every object to a real apiserver
 * with server-side dry-run.
 */

const DNS_1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const labels = z
  .record(
    z.string().regex(LABEL_KEY, 'invalid label key'),
    z.string().max(63).regex(LABEL_VALUE, 'invalid label value'),
  )
  .optional();

const metadata = (named: RegExp = DNS_1123_SUBDOMAIN) =>
  z.object({
    name: z.string().max(253).regex(named, 'invalid object name'),
    namespace: z.string().max(63).regex(DNS_1123_LABEL, 'invalid namespace'),
    labels,
    annotations: z.record(z.string()).optional(),
  });

const quantity = z
  .string()
  .regex(QUANTITY_PATTERN, 'not a Kubernetes quantity');
const portNumber = z.number().int().min(1).max(65535);
const portRef = z.union([portNumber, z.string().regex(DNS_1123_LABEL).max(15)]);
const selector = z.object({
  matchLabels: z
    .record(z.string().regex(LABEL_VALUE))
    .refine(
      m => Object.keys(m).length > 0,
      'empty selector selects everything',
    ),
});
const probe = z.object({
  httpGet: z.object({ path: z.string().startsWith('/'), port: portRef }),
  initialDelaySeconds: z.number().int().min(0),
  periodSeconds: z.number().int().min(1),
  timeoutSeconds: z.number().int().min(1),
  failureThreshold: z.number().int().min(1),
});

const container = z.object({
  name: z.string().regex(DNS_1123_LABEL),
  image: z
    .string()
    .min(1)
    .refine(v => !/undefined|null|\/\//.test(v), 'image has an unbound part'),
  ports: z
    .array(
      z.object({
        name: z.string().regex(DNS_1123_LABEL).max(15),
        containerPort: portNumber,
        protocol: z.enum(['TCP', 'UDP', 'SCTP']),
      }),
    )
    .min(1),
  env: z
    .array(
      z.object({
        name: z.string().regex(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/),
        value: z.string().optional(),
        valueFrom: z
          .object({
            secretKeyRef: z.object({
              name: z.string().regex(DNS_1123_SUBDOMAIN),
              key: z.string().min(1),
            }),
          })
          .optional(),
      }),
    )
    .optional(),
  resources: z.object({
    requests: z.object({ cpu: quantity, memory: quantity }),
    limits: z.object({ cpu: quantity, memory: quantity }),
  }),
  livenessProbe: probe,
  readinessProbe: probe,
});

const deployment = z.object({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('Deployment'),
  metadata: metadata(DNS_1123_LABEL),
  spec: z.object({
    replicas: z.number().int().min(0),
    strategy: z.object({
      type: z.literal('RollingUpdate'),
      rollingUpdate: z.object({
        maxSurge: z.literal(1),
        maxUnavailable: z.literal(0),
      }),
    }),
    selector,
    template: z.object({
      metadata: z.object({
        labels: z.record(z.string()),
        annotations: z.record(z.string()),
      }),
      spec: z.object({
        serviceAccountName: z.string().regex(DNS_1123_SUBDOMAIN),
        containers: z.array(container).min(1),
      }),
    }),
  }),
});

const service = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Service'),
  metadata: metadata(DNS_1123_LABEL),
  spec: z.object({
    type: z.literal('ClusterIP'),
    selector: z.record(z.string()),
    ports: z
      .array(
        z.object({
          name: z.string().regex(DNS_1123_LABEL),
          port: portNumber,
          targetPort: portRef,
          protocol: z.literal('TCP'),
        }),
      )
      .min(1),
  }),
});

const serviceAccount = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('ServiceAccount'),
  metadata: metadata(),
});

const hpaPolicy = z.object({
  type: z.enum(['Percent', 'Pods']),
  value: z.number().int().min(1),
  periodSeconds: z.number().int().min(1).max(1800),
});
const hpaRules = z.object({
  stabilizationWindowSeconds: z.number().int().min(0).max(3600),
  policies: z.array(hpaPolicy).min(1),
  selectPolicy: z.enum(['Max', 'Min', 'Disabled']),
});
const hpa = z.object({
  apiVersion: z.literal('autoscaling/v2'),
  kind: z.literal('HorizontalPodAutoscaler'),
  metadata: metadata(),
  spec: z
    .object({
      scaleTargetRef: z.object({
        apiVersion: z.literal('apps/v1'),
        kind: z.literal('Deployment'),
        name: z.string(),
      }),
      minReplicas: z.number().int().min(1),
      maxReplicas: z.number().int().min(1),
      metrics: z.array(z.object({ type: z.enum(['Resource', 'Pods']) })).min(1),
      behavior: z.object({ scaleUp: hpaRules, scaleDown: hpaRules }),
    })
    .refine(
      s => s.minReplicas <= s.maxReplicas,
      'minReplicas exceeds maxReplicas',
    ),
});

const pdb = z.object({
  apiVersion: z.literal('policy/v1'),
  kind: z.literal('PodDisruptionBudget'),
  metadata: metadata(),
  spec: z.object({ maxUnavailable: z.number().int().min(1), selector }),
});

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h)$/, 'not a duration such as 2s');
const virtualService = z.object({
  apiVersion: z.literal('networking.istio.io/v1beta1'),
  kind: z.literal('VirtualService'),
  metadata: metadata(),
  spec: z.object({
    hosts: z.array(z.string().min(1)).min(1),
    http: z
      .array(
        z.object({
          route: z
            .array(
              z.object({
                destination: z.object({
                  host: z.string().min(1),
                  port: z.object({ number: portNumber }),
                }),
                weight: z.number(),
              }),
            )
            .min(1),
          timeout: duration,
          retries: z.object({
            attempts: z.number().int().min(1),
            perTryTimeout: duration,
            retryOn: z.string().min(1),
          }),
        }),
      )
      .min(1),
  }),
});

const destinationRule = z.object({
  apiVersion: z.literal('networking.istio.io/v1beta1'),
  kind: z.literal('DestinationRule'),
  metadata: metadata(),
  spec: z.object({
    host: z.string().min(1),
    trafficPolicy: z.object({
      connectionPool: z.object({
        tcp: z.object({ maxConnections: z.number().int().min(1) }),
        http: z.object({
          http1MaxPendingRequests: z.number().int().min(1),
          maxRequestsPerConnection: z.number().int().min(1),
        }),
      }),
      outlierDetection: z.object({
        consecutive5xxErrors: z.number().int().min(1),
        interval: duration,
        baseEjectionTime: duration,
        maxEjectionPercent: z.number().int().min(0).max(100),
      }),
    }),
  }),
});

const PRINCIPAL = /^cluster\.local\/ns\/[a-z0-9-]+\/sa\/[a-z0-9.-]+$/;
const authorizationPolicy = z.object({
  apiVersion: z.literal('security.istio.io/v1beta1'),
  kind: z.literal('AuthorizationPolicy'),
  metadata: metadata(),
  spec: z.object({
    selector,
    action: z.literal('ALLOW'),
    rules: z
      .array(
        z.object({
          from: z
            .array(
              z.object({
                source: z.object({
                  principals: z
                    .array(
                      z.string().regex(PRINCIPAL, 'not an Istio principal'),
                    )
                    .min(1),
                }),
              }),
            )
            .optional(),
          to: z
            .array(
              z.object({
                operation: z.object({
                  methods: z.array(z.string()).min(1),
                  paths: z.array(z.string().startsWith('/')).optional(),
                }),
              }),
            )
            .min(1),
        }),
      )
      .min(1),
  }),
});

const serviceMonitor = z.object({
  apiVersion: z.literal('monitoring.coreos.com/v1'),
  kind: z.literal('ServiceMonitor'),
  metadata: metadata(),
  spec: z.object({
    selector,
    endpoints: z
      .array(
        z.object({
          port: z.string().min(1),
          path: z.string().startsWith('/'),
          interval: duration,
          scrapeTimeout: duration,
        }),
      )
      .min(1),
  }),
});

const externalSecret = z.object({
  apiVersion: z.literal('external-secrets.io/v1'),
  kind: z.literal('ExternalSecret'),
  metadata: metadata(),
  spec: z.object({
    refreshInterval: duration,
    secretStoreRef: z.object({
      name: z.string().min(1),
      kind: z.enum(['SecretStore', 'ClusterSecretStore']),
    }),
    target: z.object({
      name: z.string().regex(DNS_1123_SUBDOMAIN),
      creationPolicy: z.enum(['Owner', 'Orphan', 'Merge', 'None']),
    }),
    data: z
      .array(
        z.object({
          secretKey: z.string().min(1),
          remoteRef: z.object({
            key: z.string().min(1),
            property: z.string().min(1),
          }),
        }),
      )
      .min(1),
  }),
});

const application = z.object({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('Application'),
  metadata: metadata(),
  spec: z.object({
    project: z.string().min(1),
    source: z.object({
      repoURL: z
        .string()
        .min(1)
        .refine(
          v => !hasUnboundSegment(v),
          'repoURL has an empty segment or an unbound variable',
        ),
      targetRevision: z.string().min(1),
      path: z
        .string()
        .regex(/^[^/](.*[^/])?$/)
        .refine(
          v => !v.includes('//') && !/undefined|null/.test(v),
          'path has an empty segment or an unbound variable',
        ),
    }),
    destination: z.object({
      server: z.string().url(),
      namespace: z.string().regex(DNS_1123_LABEL),
    }),
  }),
});

const mlModel = z.object({
  apiVersion: z.literal('ml.supplychain.io/v1'),
  kind: z.literal('MLModel'),
  metadata: metadata(),
  spec: z.object({
    modelName: z.string().min(1),
    modelVersion: z.string().min(1),
    framework: z.enum(['tensorflow', 'pytorch', 'sklearn']),
    resourceRequirements: z.object({
      memory: quantity,
      cpu: quantity,
      gpu: quantity.optional(),
    }),
    replicas: z.number().int().min(1).max(10),
  }),
});

/** The zod schema of each kind the module renders, keyed by `apiVersion/kind`. */
export const MANIFEST_SCHEMAS: Record<string, z.ZodTypeAny> = {
  'apps/v1/Deployment': deployment,
  'v1/Service': service,
  'v1/ServiceAccount': serviceAccount,
  'autoscaling/v2/HorizontalPodAutoscaler': hpa,
  'policy/v1/PodDisruptionBudget': pdb,
  'networking.istio.io/v1beta1/VirtualService': virtualService,
  'networking.istio.io/v1beta1/DestinationRule': destinationRule,
  'security.istio.io/v1beta1/AuthorizationPolicy': authorizationPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': serviceMonitor,
  'external-secrets.io/v1/ExternalSecret': externalSecret,
  'argoproj.io/v1alpha1/Application': application,
  'ml.supplychain.io/v1/MLModel': mlModel,
};

type AnyObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: any;
  [k: string]: any;
};

const describe = (o: AnyObject) =>
  `${o.kind ?? '?'} ${o.metadata?.name ?? '?'}`;

/**
 * Checks every object against its kind's schema and the references between
 * them. Returns the problems found (empty: valid), each naming the object and field.
 */
export function validateManifestSet(objects: readonly unknown[]): string[] {
  const problems: string[] = [];
  const all = objects as AnyObject[];
  for (const object of all) {
    const key = `${object?.apiVersion}/${object?.kind}`;
    const schema = MANIFEST_SCHEMAS[key];
    if (!schema) {
      problems.push(
        `${describe(object ?? {})}: unknown apiVersion/kind ${key}`,
      );
      continue;
    }
    const result = schema.safeParse(object);
    if (!result.success) {
      problems.push(
        ...describeIssues(result.error).map(p => `${describe(object)}: ${p}`),
      );
    }
  }
  if (problems.length > 0) {
    return problems;
  }

  const ofKind = (kind: string) => all.filter(o => o.kind === kind);
  const deployments = ofKind('Deployment');
  const services = ofKind('Service');
  const matches = (
    selectorLabels: Record<string, string>,
    podLabels: Record<string, string>,
  ) => Object.entries(selectorLabels).every(([k, v]) => podLabels[k] === v);

  for (const d of deployments) {
    const podLabels = d.spec.template.metadata.labels;
    if (!matches(d.spec.selector.matchLabels, podLabels)) {
      problems.push(
        `${describe(d)}: spec.selector does not match the pod template labels`,
      );
    }
    for (const c of d.spec.template.spec.containers) {
      const portNames = new Set<string>();
      const portNumbers = new Set<number>();
      for (const p of c.ports) {
        if (portNames.has(p.name) || portNumbers.has(p.containerPort)) {
          problems.push(
            `${describe(d)}: container ${c.name} declares port ${p.name}/${
              p.containerPort
            } twice`,
          );
        }
        portNames.add(p.name);
        portNumbers.add(p.containerPort);
      }
      for (const probeName of ['livenessProbe', 'readinessProbe']) {
        const port = c[probeName].httpGet.port;
        if (
          typeof port === 'string'
            ? !portNames.has(port)
            : !portNumbers.has(port)
        ) {
          problems.push(
            `${describe(
              d,
            )}: ${probeName} uses port ${port}, which the container does not declare`,
          );
        }
      }
      for (const e of c.env ?? []) {
        const secret = e.valueFrom?.secretKeyRef?.name;
        if (
          secret &&
          !all.some(
            o => o.kind === 'ExternalSecret' && o.spec.target.name === secret,
          )
        ) {
          problems.push(
            `${describe(d)}: env ${
              e.name
            } reads Secret ${secret}, which no ExternalSecret creates`,
          );
        }
      }
    }
    const sa = d.spec.template.spec.serviceAccountName;
    if (
      sa !== 'default' &&
      !all.some(o => o.kind === 'ServiceAccount' && o.metadata?.name === sa)
    ) {
      problems.push(`${describe(d)}: serviceAccountName ${sa} is not rendered`);
    }
  }
  for (const s of services) {
    const selected = deployments.filter(d =>
      matches(s.spec.selector, d.spec.template.metadata.labels),
    );
    if (selected.length === 0) {
      problems.push(
        `${describe(s)}: spec.selector selects no rendered Deployment`,
      );
    }
    const names = new Set<string>();
    for (const p of s.spec.ports) {
      if (names.has(p.name))
        problems.push(`${describe(s)}: port name ${p.name} is used twice`);
      names.add(p.name);
      if (
        typeof p.targetPort === 'string' &&
        !selected.some(d =>
          d.spec.template.spec.containers.some((c: AnyObject) =>
            c.ports.some((cp: AnyObject) => cp.name === p.targetPort),
          ),
        )
      ) {
        problems.push(
          `${describe(s)}: targetPort ${
            p.targetPort
          } is not a container port name`,
        );
      }
    }
  }
  for (const h of ofKind('HorizontalPodAutoscaler')) {
    if (
      !deployments.some(d => d.metadata?.name === h.spec.scaleTargetRef.name)
    ) {
      problems.push(
        `${describe(h)}: scaleTargetRef ${
          h.spec.scaleTargetRef.name
        } is not a rendered Deployment`,
      );
    }
  }
  for (const kind of ['PodDisruptionBudget', 'AuthorizationPolicy']) {
    for (const o of ofKind(kind)) {
      if (
        !deployments.some(d =>
          matches(o.spec.selector.matchLabels, d.spec.template.metadata.labels),
        )
      ) {
        problems.push(
          `${describe(o)}: selector matches no rendered Deployment`,
        );
      }
    }
  }
  for (const m of ofKind('ServiceMonitor')) {
    const selected = services.filter(s =>
      matches(m.spec.selector.matchLabels, s.metadata?.labels ?? {}),
    );
    if (selected.length === 0) {
      problems.push(
        `${describe(m)}: selector matches no rendered Service (by its labels)`,
      );
    }
    for (const e of m.spec.endpoints) {
      if (
        !selected.some(s =>
          s.spec.ports.some((p: AnyObject) => p.name === e.port),
        )
      ) {
        problems.push(
          `${describe(m)}: endpoint port ${e.port} is not a Service port name`,
        );
      }
    }
  }
  return problems;
}
