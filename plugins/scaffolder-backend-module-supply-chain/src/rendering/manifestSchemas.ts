import { z } from 'zod/v3';
import { QUANTITY_PATTERN } from '@supply-chain/plugin-rollouts-common';
import { describeIssues } from '@supply-chain/portal-common';
import { hasUnboundSegment } from './serviceSpec';
import { DNS_1123_LABEL, LABEL_VALUE } from './validation';

/*
 * One zod schema per kind the module renders: the fields each object must
 * have and the platform's rules for their values, checked before anything is
 * written. The references between objects are checked in
 * manifestReferences.ts.
 *
 * For the built-in kinds (Deployment, Service, HPA) the values Kubernetes
 * itself validates (names of containers, ports and referenced objects, port
 * ranges, protocols, quantities, HPA behavior ranges) are left to the
 * apiserver: the template's preflight step sends the set with server-side dry
 * run, and src/integration/apiserverValidation.integration.test.ts shows each
 * of those errors reaching the user, naming the field.
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
/** A port by number or name; the apiserver checks range and name. */
const kubernetesPort = z.union([z.number().int(), z.string()]);
const selector = z.object({
  matchLabels: z
    .record(z.string().regex(LABEL_VALUE))
    .refine(
      m => Object.keys(m).length > 0,
      'empty selector selects everything',
    ),
});
const probe = z.object({
  httpGet: z.object({ path: z.string().startsWith('/'), port: kubernetesPort }),
  initialDelaySeconds: z.number().int().min(0),
  periodSeconds: z.number().int().min(1),
  timeoutSeconds: z.number().int().min(1),
  failureThreshold: z.number().int().min(1),
});

const container = z.object({
  name: z.string(),
  image: z
    .string()
    .min(1)
    .refine(v => !/undefined|null|\/\//.test(v), 'image has an unbound part'),
  ports: z
    .array(
      z.object({
        name: z.string(),
        containerPort: z.number().int(),
        protocol: z.string(),
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
              name: z.string(),
              key: z.string().min(1),
            }),
          })
          .optional(),
      }),
    )
    .optional(),
  resources: z.object({
    requests: z.object({ cpu: z.string(), memory: z.string() }),
    limits: z.object({ cpu: z.string(), memory: z.string() }),
  }),
  livenessProbe: probe,
  readinessProbe: probe,
});

const deployment = z.object({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('Deployment'),
  metadata: metadata(DNS_1123_LABEL),
  spec: z.object({
    replicas: z.number().int(),
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
        serviceAccountName: z.string(),
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
          name: z.string(),
          port: z.number().int(),
          targetPort: kubernetesPort,
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
  value: z.number().int(),
  periodSeconds: z.number().int(),
});
const hpaRules = z.object({
  stabilizationWindowSeconds: z.number().int(),
  policies: z.array(hpaPolicy).min(1),
  selectPolicy: z.string(),
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

const vpaBounds = z
  .object({ cpu: quantity.optional(), memory: quantity.optional() })
  .strict()
  .optional();
const vpa = z.object({
  apiVersion: z.literal('autoscaling.k8s.io/v1'),
  kind: z.literal('VerticalPodAutoscaler'),
  metadata: metadata(),
  spec: z.object({
    targetRef: z.object({
      apiVersion: z.literal('apps/v1'),
      kind: z.literal('Deployment'),
      name: z.string(),
    }),
    updatePolicy: z.object({
      updateMode: z.enum(['Off', 'Initial', 'Recreate', 'Auto']),
    }),
    resourcePolicy: z.object({
      containerPolicies: z
        .array(
          z.object({
            containerName: z.string(),
            minAllowed: vpaBounds,
            maxAllowed: vpaBounds,
            controlledResources: z.array(z.enum(['cpu', 'memory'])).min(1),
          }),
        )
        .min(1),
    }),
  }),
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
  'autoscaling.k8s.io/v1/VerticalPodAutoscaler': vpa,
  'policy/v1/PodDisruptionBudget': pdb,
  'networking.istio.io/v1beta1/VirtualService': virtualService,
  'networking.istio.io/v1beta1/DestinationRule': destinationRule,
  'security.istio.io/v1beta1/AuthorizationPolicy': authorizationPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': serviceMonitor,
  'external-secrets.io/v1/ExternalSecret': externalSecret,
  'argoproj.io/v1alpha1/Application': application,
  'ml.supplychain.io/v1/MLModel': mlModel,
};

/** An object as the checks see it: any JSON, maybe not even an object. */
export type AnyObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: any;
  [k: string]: any;
};

/** `Kind name`, how every problem names its object. */
export const describeObject = (o: AnyObject) =>
  `${o.kind ?? '?'} ${o.metadata?.name ?? '?'}`;

/** Checks each object against its kind's schema; problems name object and field. */
export function schemaProblems(objects: readonly AnyObject[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const key = `${object?.apiVersion}/${object?.kind}`;
    const schema = MANIFEST_SCHEMAS[key];
    if (!schema) {
      problems.push(
        `${describeObject(object ?? {})}: unknown apiVersion/kind ${key}`,
      );
      continue;
    }
    const result = schema.safeParse(object);
    if (!result.success) {
      problems.push(
        ...describeIssues(result.error).map(
          p => `${describeObject(object)}: ${p}`,
        ),
      );
    }
  }
  return problems;
}
