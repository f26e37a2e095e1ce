import { z } from 'zod/v3';
import {
  parseQuantity,
  QUANTITY_PATTERN,
} from '@supply-chain/plugin-rollouts-common';
import { parseInput } from '@supply-chain/portal-common';
import { dnsLabel, ENTITY_REF, LABEL_VALUE } from './validation';

/**
 * Names a new service may not take: cluster and platform namespaces, the mesh
 * admin account and names the platform's own tooling uses.
 */
export const RESERVED_SERVICE_NAMES = [
  'admin',
  'api',
  'argocd',
  'backstage',
  'default',
  'istio-system',
  'kube-node-lease',
  'kube-public',
  'kube-system',
  'kubernetes',
  'prometheus',
  'supply-chain',
] as const;

/**
 * Longest service name: the longest derived object name (`<name>-database-credentials`,
 * 21 characters added) must still be a valid 63-character label.
 */
export const MAX_SERVICE_NAME_LENGTH = 42;

const quantity = (zImpl: typeof z, what: string) =>
  zImpl
    .string()
    .regex(
      QUANTITY_PATTERN,
      `${what} must be a Kubernetes quantity such as 250m, 1, 512Mi or 2Gi`,
    );

/**
 * The VPA `updateMode`s the form offers (what each does: capacity-common's
 * updateModeMeaning). Off is the default: it only recommends, so it is safe
 * next to the HPA.
 */
export const VPA_UPDATE_MODES = ['Off', 'Initial', 'Recreate', 'Auto'] as const;
export type VpaUpdateMode = (typeof VPA_UPDATE_MODES)[number];

/** A VPA bound: a positive quantity, read with the repo's one parseQuantity. */
const vpaBound = (zImpl: typeof z, what: string) =>
  zImpl
    .string()
    .refine(
      value => (parseQuantity(value) ?? 0) > 0,
      `${what} must be a positive Kubernetes quantity such as 250m, 1, 512Mi or 2Gi`,
    )
    .optional();

const vpaBounds = (zImpl: typeof z, what: string) =>
  zImpl
    .object({
      cpu: vpaBound(zImpl, `${what}.cpu`),
      memory: vpaBound(zImpl, `${what}.memory`),
    })
    .strict()
    .default({});

const port = (zImpl: typeof z, what: string) =>
  zImpl
    .number({ invalid_type_error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(1024, `${what} must be between 1024 and 65535 (unprivileged)`)
    .max(65535, `${what} must be between 1024 and 65535 (unprivileged)`);

const url = (zImpl: typeof z, what: string) =>
  zImpl
    .string()
    .min(1, `${what} must not be empty`)
    .refine(
      value => !hasUnboundSegment(value),
      `${what} has an empty path segment or an 'undefined'/'null' part (an unbound template variable?)`,
    );

/**
 * True when a URL-ish string shows an unbound variable: `//` after the scheme,
 * a trailing or leading `/` in the path, `undefined`, `null` or `[object Object]`.
 */
export function hasUnboundSegment(value: string): boolean {
  if (/\b(undefined|null)\b|\[object Object\]/.test(value)) {
    return true;
  }
  const withoutScheme = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (withoutScheme.length === 0) {
    return true;
  }
  if (value.startsWith('file://')) {
    // file:///path: the host is empty on purpose; check the path only
    return /\/\//.test(withoutScheme.slice(1)) || withoutScheme.endsWith('/');
  }
  return (
    withoutScheme.includes('//') ||
    withoutScheme.startsWith('/') ||
    withoutScheme.endsWith('/') ||
    /[?&][^=&]+=(&|$)/.test(withoutScheme)
  );
}

/**
 * Fields of the `supply-chain:service:manifests` input, one zod schema per field
 * (the scaffolder turns these into the action's JSON Schema).
 */
export const serviceSpecFields = {
  name: (zImpl: typeof z) =>
    dnsLabel(zImpl, 'name', MAX_SERVICE_NAME_LENGTH)
      .refine(
        value => !(RESERVED_SERVICE_NAMES as readonly string[]).includes(value),
        value => ({
          message: `name '${value}' is reserved for the platform; choose another name`,
        }),
      )
      .describe(
        'Service name (DNS-1123 label); also the catalog Component name',
      ),
  namespace: (zImpl: typeof z) =>
    dnsLabel(zImpl, 'namespace')
      .default('supply-chain')
      .describe('Kubernetes namespace of the base manifests'),
  owner: (zImpl: typeof z) =>
    zImpl
      .string({ required_error: 'owner is required' })
      .regex(
        ENTITY_REF,
        'owner must be an entity reference such as group:default/inventory-team',
      )
      .describe('Owner entity reference (group:default/<team>)'),
  system: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        ENTITY_REF,
        'system must be an entity reference such as system:default/order-fulfillment',
      )
      .optional()
      .describe('System entity reference'),
  version: (zImpl: typeof z) =>
    zImpl
      .string()
      .max(63)
      .regex(
        LABEL_VALUE,
        'version must be usable as a label value, e.g. v0.1.0',
      )
      .default('v0.1.0')
      .describe('Version label and default image tag'),
  image: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        /^[a-z0-9]+([._/:-][a-z0-9]+)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
        'image must be a container image reference such as ghcr.io/supply-chain/returns-service:v0.1.0',
      )
      .optional()
      .describe('Container image; default <imageRegistry>/<name>:<version>'),
  imageRegistry: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        /^[a-z0-9]+([._:-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
        'imageRegistry must be a registry path such as ghcr.io/supply-chain (no trailing slash)',
      )
      .default('ghcr.io/supply-chain')
      .describe('Registry used for the default image'),
  httpPort: (zImpl: typeof z) =>
    port(zImpl, 'httpPort').default(8080).describe('Container HTTP port'),
  grpc: (zImpl: typeof z) =>
    zImpl.boolean().default(false).describe('Expose a gRPC port'),
  grpcPort: (zImpl: typeof z) =>
    port(zImpl, 'grpcPort').default(9090).describe('Container gRPC port'),
  database: (zImpl: typeof z) =>
    zImpl
      .boolean()
      .default(false)
      .describe(
        'The service has a database: emit an ExternalSecret and DATABASE_URL',
      ),
  replicas: (zImpl: typeof z) =>
    zImpl
      .number()
      .int('replicas must be a whole number')
      .min(1, 'replicas must be between 1 and 50')
      .max(50, 'replicas must be between 1 and 50')
      .default(3)
      .describe('Replicas of the Deployment (the HPA takes over when enabled)'),
  minReplicas: (zImpl: typeof z) =>
    zImpl
      .number()
      .int('minReplicas must be a whole number')
      .min(1, 'minReplicas must be between 1 and 50')
      .max(50, 'minReplicas must be between 1 and 50')
      .default(2)
      .describe('HPA minimum replicas'),
  maxReplicas: (zImpl: typeof z) =>
    zImpl
      .number()
      .int('maxReplicas must be a whole number')
      .min(1, 'maxReplicas must be between 1 and 100')
      .max(100, 'maxReplicas must be between 1 and 100')
      .default(20)
      .describe('HPA maximum replicas'),
  requestsPerSecondTarget: (zImpl: typeof z) =>
    zImpl
      .number()
      .int()
      .min(1, 'requestsPerSecondTarget must be at least 1')
      .optional()
      .describe(
        'Also scale on the http_requests_per_second pods metric (needs a custom metrics adapter)',
      ),
  resources: (zImpl: typeof z) =>
    zImpl
      .object({
        requests: zImpl
          .object({
            cpu: quantity(zImpl, 'resources.requests.cpu').default('250m'),
            memory: quantity(zImpl, 'resources.requests.memory').default(
              '256Mi',
            ),
          })
          .default({}),
        limits: zImpl
          .object({
            cpu: quantity(zImpl, 'resources.limits.cpu').default('500m'),
            memory: quantity(zImpl, 'resources.limits.memory').default('512Mi'),
          })
          .default({}),
      })
      .default({})
      .describe('Container requests and limits'),
  callerMethods: (zImpl: typeof z) =>
    zImpl
      .array(
        zImpl.enum([
          'GET',
          'POST',
          'PUT',
          'PATCH',
          'DELETE',
          'HEAD',
          'OPTIONS',
        ]),
      )
      .min(1)
      .default(['GET', 'POST', 'PUT'])
      .describe('HTTP methods the catalog-derived callers may use'),
  adminServiceAccount: (zImpl: typeof z) =>
    dnsLabel(zImpl, 'adminServiceAccount')
      .optional()
      .describe(
        'Service account (in the same namespace) allowed every method, e.g. admin-sa',
      ),
  extraCallers: (zImpl: typeof z) =>
    zImpl
      .array(
        zImpl.object({
          serviceAccount: dnsLabel(zImpl, 'serviceAccount'),
          namespace: dnsLabel(zImpl, 'namespace'),
        }),
      )
      .default([])
      .describe('Callers not in the catalog (service account + namespace)'),
  secretStore: (zImpl: typeof z) =>
    dnsLabel(zImpl, 'secretStore')
      .default('aws-secrets-manager')
      .describe('SecretStore the ExternalSecret reads from'),
  databaseSecretKey: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        /^[\w./-]+$/,
        'databaseSecretKey must be a secret path such as production/returns-service/database',
      )
      .optional()
      .describe(
        'Remote key of the database secret; default production/<name>/database',
      ),
  stagingNamespace: (zImpl: typeof z) =>
    dnsLabel(zImpl, 'stagingNamespace')
      .default('staging')
      .describe('Namespace of the staging overlay'),
  gitops: (zImpl: typeof z) =>
    zImpl
      .object({
        repoUrl: url(zImpl, 'gitops.repoUrl').describe(
          'Git URL Argo CD pulls from (https://..., file:///...)',
        ),
        path: zImpl
          .string()
          .regex(
            /^[a-z0-9][\w.-]*(\/[a-z0-9][\w.-]*)*$/i,
            'gitops.path must be a relative path without empty segments, e.g. apps/returns-service',
          )
          .optional()
          .describe(
            'Folder of this service in the GitOps repository; default apps/<name>',
          ),
        targetRevision: zImpl.string().min(1).default('HEAD'),
        project: dnsLabel(zImpl, 'gitops.project').default('default'),
        argocdNamespace: dnsLabel(zImpl, 'gitops.argocdNamespace').default(
          'argocd',
        ),
        destinationServer: url(zImpl, 'gitops.destinationServer').default(
          'https://kubernetes.default.svc',
        ),
        automated: zImpl.boolean().default(true),
      })
      .optional()
      .describe(
        'Argo CD Application settings; required when include.argocdApplication',
      ),
  vpa: (zImpl: typeof z) =>
    zImpl
      .object({
        enabled: zImpl.boolean().default(false),
        updateMode: zImpl
          .enum(VPA_UPDATE_MODES, {
            errorMap: () => ({
              message: `vpa.updateMode must be one of ${VPA_UPDATE_MODES.join(
                ', ',
              )}`,
            }),
          })
          .default('Off'),
        minAllowed: vpaBounds(zImpl, 'vpa.minAllowed'),
        maxAllowed: vpaBounds(zImpl, 'vpa.maxAllowed'),
      })
      .strict()
      .default({})
      .describe(
        "VerticalPodAutoscaler of the Deployment (off by default): updateMode and the container's minAllowed / maxAllowed cpu and memory",
      ),
  include: (zImpl: typeof z) =>
    zImpl
      .object({
        serviceAccount: zImpl.boolean().default(true),
        hpa: zImpl.boolean().default(true),
        pdb: zImpl.boolean().default(true),
        istio: zImpl.boolean().default(true),
        authorizationPolicy: zImpl.boolean().default(true),
        serviceMonitor: zImpl.boolean().default(true),
        kustomize: zImpl.boolean().default(true),
        argocdApplication: zImpl.boolean().default(true),
      })
      .default({})
      .describe('Which parts to emit (all by default)'),
};

function objectOfFields<
  T extends Record<string, (zImpl: typeof z) => z.ZodTypeAny>,
>(fields: T): z.ZodObject<{ [K in keyof T]: ReturnType<T[K]> }> {
  const shape = Object.fromEntries(
    Object.entries(fields).map(([key, make]) => [key, make(z)]),
  ) as { [K in keyof T]: ReturnType<T[K]> };
  return z.object(shape).strict();
}

/** The full input schema, with the rules that span several fields. */
export const serviceSpecSchema = objectOfFields(serviceSpecFields).superRefine(
  (spec, ctx) => {
    if (spec.grpc && spec.grpcPort === spec.httpPort) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['grpcPort'],
        message: `grpcPort ${spec.grpcPort} clashes with httpPort; the two ports must differ`,
      });
    }
    if (spec.minReplicas > spec.maxReplicas) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['minReplicas'],
        message: `minReplicas (${spec.minReplicas}) must not exceed maxReplicas (${spec.maxReplicas})`,
      });
    }
    if (
      spec.include.hpa &&
      (spec.replicas < spec.minReplicas || spec.replicas > spec.maxReplicas)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['replicas'],
        message: `replicas (${spec.replicas}) must lie between minReplicas (${spec.minReplicas}) and maxReplicas (${spec.maxReplicas})`,
      });
    }
    for (const resource of ['cpu', 'memory'] as const) {
      const request = parseQuantity(spec.resources.requests[resource]);
      const limit = parseQuantity(spec.resources.limits[resource]);
      if (request !== undefined && limit !== undefined && request > limit) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['resources', 'requests', resource],
          message: `resources.requests.${resource} (${spec.resources.requests[resource]}) must not exceed resources.limits.${resource} (${spec.resources.limits[resource]})`,
        });
      }
    }
    if (spec.vpa.enabled) {
      vpaProblems(spec).forEach(issue =>
        ctx.addIssue({ code: z.ZodIssueCode.custom, ...issue }),
      );
    }
    if (spec.include.argocdApplication && !spec.gitops) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['gitops'],
        message:
          'gitops.repoUrl is required to render the Argo CD Application (or set include.argocdApplication to false)',
      });
    }
    if (spec.include.argocdApplication && !spec.include.kustomize) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['include', 'kustomize'],
        message:
          'the Argo CD Application deploys the production overlay, so include.kustomize must be true when include.argocdApplication is',
      });
    }
  },
);

/** The parsed fields the VPA's rules read. */
type VpaContext = {
  [K in 'vpa' | 'resources' | 'include']: z.output<
    ReturnType<(typeof serviceSpecFields)[K]>
  >;
};

/**
 * The VPA's rules that span fields: each bound against the other and against
 * the container's requests, and its mode against the HPA.
 */
function vpaProblems(
  spec: VpaContext,
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const { minAllowed, maxAllowed, updateMode } = spec.vpa;
  for (const resource of ['cpu', 'memory'] as const) {
    const min = parseQuantity(minAllowed[resource]);
    const max = parseQuantity(maxAllowed[resource]);
    const requested = spec.resources.requests[resource];
    const request = parseQuantity(requested);
    if (min !== undefined && max !== undefined && min > max) {
      problems.push({
        path: ['vpa', 'minAllowed', resource],
        message: `vpa.minAllowed.${resource} (${minAllowed[resource]}) must not exceed vpa.maxAllowed.${resource} (${maxAllowed[resource]})`,
      });
      continue;
    }
    // the VPA sets requests (and scales limits in proportion); requests
    // outside its bounds would be changed as soon as the pods start
    if (min !== undefined && request !== undefined && min > request) {
      problems.push({
        path: ['vpa', 'minAllowed', resource],
        message: `vpa.minAllowed.${resource} (${minAllowed[resource]}) must not exceed the container's request resources.requests.${resource} (${requested})`,
      });
    }
    if (max !== undefined && request !== undefined && max < request) {
      problems.push({
        path: ['vpa', 'maxAllowed', resource],
        message: `vpa.maxAllowed.${resource} (${maxAllowed[resource]}) must not be below the container's request resources.requests.${resource} (${requested})`,
      });
    }
  }
  // upstream: the VPA should not be used with an HPA on the same resource
  // metric; this HPA scales on cpu and memory, so only Off (recommendations) fits
  if (spec.include.hpa && updateMode !== 'Off') {
    problems.push({
      path: ['vpa', 'updateMode'],
      message: `vpa.updateMode ${updateMode} changes the pods' cpu and memory requests, which the HPA (include.hpa) scales on, and the two would fight; choose Off (recommendations only) or turn the HPA off`,
    });
  }
  return problems;
}

/** Raw input of the manifests action (what a template passes). */
export type ServiceSpecInput = z.input<typeof serviceSpecSchema>;
/** Input with every default filled in. */
export type ServiceSpec = z.output<typeof serviceSpecSchema>;

/** Parses raw input; throws InputError naming every offending field. */
export function parseServiceSpec(input: unknown): ServiceSpec {
  return parseInput(serviceSpecSchema, input, 'service manifests input', {
    report: 'paths',
  });
}
