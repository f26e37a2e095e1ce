import { z } from 'zod/v3';
import {
  parseQuantity,
  QUANTITY_PATTERN,
} from '@supply-chain/plugin-rollouts-common';
import { parseInput } from '@supply-chain/portal-common';
import { dnsLabel, ENTITY_REF } from './validation';
import {
  KubernetesObject,
  RenderedFile,
  toYamlDocuments,
} from './yamlDocuments';

/** Frameworks the MLModel CRD accepts (its `spec.framework` enum). */
export const ML_FRAMEWORKS = ['tensorflow', 'pytorch', 'sklearn'] as const;

const quantity = (zImpl: typeof z, what: string) =>
  zImpl
    .string()
    .regex(
      QUANTITY_PATTERN,
      `${what} must be a Kubernetes quantity such as 1000m, 2 or 2Gi`,
    )
    .refine(
      v => (parseQuantity(v) ?? 0) > 0,
      `${what} must be greater than zero`,
    );

/** Fields of the `supply-chain:mlmodel:create` input. */
export const mlModelFields = {
  name: (zImpl: typeof z) =>
    dnsLabel(zImpl, 'name').describe(
      'MLModel object name, e.g. demand-forecasting-v2 (also the catalog Resource name)',
    ),
  namespace: (zImpl: typeof z) =>
    dnsLabel(zImpl, 'namespace').default('supply-chain'),
  modelName: (zImpl: typeof z) =>
    zImpl
      .string()
      .min(1, 'modelName must not be empty')
      .regex(
        /^[a-z0-9][a-z0-9-_.]*$/,
        'modelName must be lower-case letters, digits, -, _ or .',
      )
      .describe('Model name in the model registry'),
  modelVersion: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        /^v?\d+\.\d+\.\d+([-+][\w.-]+)?$/,
        'modelVersion must be a semantic version such as v2.1.0',
      )
      .describe('Model version in the registry'),
  framework: (zImpl: typeof z) =>
    zImpl
      .enum(ML_FRAMEWORKS, {
        errorMap: () => ({
          message: `framework must be one of ${ML_FRAMEWORKS.join(', ')}`,
        }),
      })
      .describe('Training framework (the CRD enum)'),
  replicas: (zImpl: typeof z) =>
    zImpl
      .number({ invalid_type_error: 'replicas must be a number' })
      .int('replicas must be a whole number')
      .min(1, 'replicas must be between 1 and 10 (the CRD limits)')
      .max(10, 'replicas must be between 1 and 10 (the CRD limits)')
      .default(1),
  cpu: (zImpl: typeof z) => quantity(zImpl, 'cpu').default('1000m'),
  memory: (zImpl: typeof z) => quantity(zImpl, 'memory').default('2Gi'),
  gpu: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(/^\d+$/, 'gpu must be a whole number of GPUs, e.g. 1')
      .optional(),
  servingComponent: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        ENTITY_REF,
        'servingComponent must be an entity reference such as component:default/ml-prediction-service',
      )
      .describe('Catalog Component that serves the model'),
  owner: (zImpl: typeof z) =>
    zImpl
      .string()
      .regex(
        ENTITY_REF,
        'owner must be an entity reference such as group:default/ml-team',
      )
      .optional()
      .describe("Owner; default the serving component's owner"),
  description: (zImpl: typeof z) => zImpl.string().max(500).optional(),
};

export const mlModelSchema = z
  .object(
    Object.fromEntries(
      Object.entries(mlModelFields).map(([k, make]) => [k, make(z)]),
    ) as {
      [K in keyof typeof mlModelFields]: ReturnType<(typeof mlModelFields)[K]>;
    },
  )
  .strict();

export type MlModelSpec = z.output<typeof mlModelSchema>;

/** Parses raw input; throws InputError naming every offending field. */
export function parseMlModelSpec(input: unknown): MlModelSpec {
  return parseInput(mlModelSchema, input, 'MLModel input', { report: 'paths' });
}

/** What the serving component contributes (resolved from the catalog). */
export type ServingComponent = {
  /** full ref, component:default/ml-prediction-service */
  ref: string;
  /** its backstage.io/kubernetes-id (or name) */
  kubernetesId: string;
  owner: string;
  system?: string;
};

/**
 * Renders the MLModel resource and its catalog entity (a Resource of type
 * `ml-model` that the serving component depends on). Pure.
 */
export function renderMlModel(
  spec: MlModelSpec,
  serving: ServingComponent,
): {
  files: RenderedFile[];
  mlModel: KubernetesObject;
  entity: Record<string, unknown>;
} {
  const resourceRequirements: Record<string, string> = {
    memory: spec.memory,
    cpu: spec.cpu,
  };
  if (spec.gpu !== undefined) {
    resourceRequirements.gpu = spec.gpu;
  }
  const mlModel: KubernetesObject = {
    apiVersion: 'ml.supplychain.io/v1',
    kind: 'MLModel',
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      labels: { 'backstage.io/kubernetes-id': serving.kubernetesId },
    },
    spec: {
      modelName: spec.modelName,
      modelVersion: spec.modelVersion,
      framework: spec.framework,
      resourceRequirements,
      replicas: spec.replicas,
    },
  };
  const entity: Record<string, unknown> = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: spec.name,
      description:
        spec.description ??
        `${spec.framework} model ${spec.modelName} ${spec.modelVersion}, served by ${serving.ref}`,
      annotations: {
        'backstage.io/kubernetes-id': serving.kubernetesId,
        'backstage.io/kubernetes-namespace': spec.namespace,
      },
      tags: ['ml', spec.framework],
    },
    spec: {
      type: 'ml-model',
      owner: spec.owner ?? serving.owner,
      ...(serving.system ? { system: serving.system } : {}),
      dependencyOf: [serving.ref],
    },
  };
  return {
    mlModel,
    entity,
    files: [
      { path: 'mlmodel.yaml', content: toYamlDocuments([mlModel]) },
      { path: 'catalog-info.yaml', content: toYamlDocuments([entity]) },
    ],
  };
}
