// Pure MLModel rules: no I/O, so they are unit-tested fast (model.test.ts).
import type { V1Deployment, V1Pod, V1Service } from '@kubernetes/client-node';

export const GROUP = 'ml.supplychain.io';
export const VERSION = 'v1';
export const PLURAL = 'mlmodels';
export const MANAGED_BY = 'sandbox-mlmodel-operator';
export const FAILURE_ANNOTATION = 'ml.supplychain.io/failure-reason';
export const SPEC_HASH_ANNOTATION = 'ml.supplychain.io/spec-hash';
export const ALLOWED_FRAMEWORKS = ['tensorflow', 'pytorch', 'sklearn'];

export type DeploymentStatus = 'pending' | 'deploying' | 'ready' | 'failed';

export interface MLModel {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec: {
    modelName: string;
    modelVersion?: string;
    framework?: string;
    resourceRequirements?: { memory?: string; cpu?: string; gpu?: string };
    replicas?: number;
  };
  status?: {
    deploymentStatus?: DeploymentStatus;
    endpoint?: string;
    lastUpdated?: string;
  };
}

export interface Verdict {
  deploymentStatus: DeploymentStatus;
  /** why it failed or what it waits for; empty when ready */
  reason: string;
}

export function servingName(model: MLModel): string {
  return `${model.metadata.name}-serving`;
}

export function endpointFor(model: MLModel): string {
  return `http://${model.metadata.name}.${model.metadata.namespace}.svc.cluster.local:8080/v1/models/${model.spec.modelName}`;
}

/** Spec checks the operator enforces itself (the CRD schema checks them too). */
export function validate(model: MLModel): string | undefined {
  const fw = model.spec.framework;
  if (!fw || !ALLOWED_FRAMEWORKS.includes(fw)) {
    return `FrameworkNotAllowed: framework "${
      fw ?? ''
    }" is not one of ${ALLOWED_FRAMEWORKS.join(', ')}`;
  }
  const r = model.spec.replicas ?? 1;
  if (!Number.isInteger(r) || r < 1 || r > 10) {
    return `ReplicasOutOfRange: replicas ${r} must be between 1 and 10`;
  }
  if (!model.spec.modelName) return 'InvalidSpec: spec.modelName is empty';
  return undefined;
}

function ownerRef(model: MLModel) {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'MLModel',
    name: model.metadata.name,
    uid: model.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function commonLabels(model: MLModel): Record<string, string> {
  const id =
    model.metadata.labels?.['backstage.io/kubernetes-id'] ??
    'ml-prediction-service';
  return {
    app: servingName(model),
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'ml.supplychain.io/model': model.metadata.name,
    'backstage.io/kubernetes-id': id,
  };
}

export function desiredDeployment(model: MLModel): V1Deployment {
  const rr = model.spec.resourceRequirements ?? {};
  const requests: Record<string, string> = {
    cpu: rr.cpu ?? '250m',
    memory: rr.memory ?? '512Mi',
  };
  const limits: Record<string, string> = { ...requests };
  if (rr.gpu && rr.gpu !== '0') {
    requests['nvidia.com/gpu'] = rr.gpu;
    limits['nvidia.com/gpu'] = rr.gpu;
  }
  const labels = {
    ...commonLabels(model),
    version: model.spec.modelVersion ?? 'latest',
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: servingName(model),
      namespace: model.metadata.namespace,
      labels,
      annotations: { [SPEC_HASH_ANNOTATION]: specHash(model) },
      ownerReferences: [ownerRef(model)],
    },
    spec: {
      replicas: model.spec.replicas ?? 1,
      progressDeadlineSeconds: 120,
      selector: { matchLabels: { app: servingName(model) } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'model-server',
              image: `your-registry/model-server-${model.spec.framework}:${
                model.spec.modelVersion ?? 'latest'
              }`,
              args: ['--model-name', model.spec.modelName, '--port', '8080'],
              ports: [{ containerPort: 8080, name: 'http' }],
              env: [
                { name: 'MODEL_NAME', value: model.spec.modelName },
                { name: 'MODEL_VERSION', value: model.spec.modelVersion ?? '' },
                { name: 'FRAMEWORK', value: model.spec.framework ?? '' },
              ],
              resources: { requests, limits },
              readinessProbe: {
                httpGet: {
                  path: `/v1/models/${model.spec.modelName}`,
                  port: 8080 as never,
                },
                periodSeconds: 10,
              },
            },
          ],
          nodeSelector: { workload: 'ml-processing' },
          tolerations: [
            {
              key: 'workload',
              operator: 'Equal',
              value: 'ml',
              effect: 'NoSchedule',
            },
          ],
        },
      },
    },
  };
}

export function desiredService(model: MLModel): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: model.metadata.name,
      namespace: model.metadata.namespace,
      labels: commonLabels(model),
      ownerReferences: [ownerRef(model)],
    },
    spec: {
      selector: { app: servingName(model) },
      ports: [
        {
          name: 'http',
          port: 8080,
          targetPort: 8080 as never,
          protocol: 'TCP',
        },
      ],
    },
  };
}

/** A stable fingerprint of the MLModel spec the serving Deployment was made from. */
export function specHash(model: MLModel): string {
  const s = JSON.stringify([
    model.spec.modelName,
    model.spec.modelVersion,
    model.spec.framework,
    model.spec.resourceRequirements ?? {},
    model.spec.replicas ?? 1,
  ]);
  let h = 2166136261;
  for (let i = 0; i < s.length; i++)
    h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16);
}

/** Does the live Deployment differ from the desired one in what we manage?
 * (compared by spec hash: the apiserver rewrites quantities such as 1000m -> 1) */
export function deploymentDrift(
  live: V1Deployment,
  want: V1Deployment,
): boolean {
  return (
    live.spec?.replicas !== want.spec?.replicas ||
    live.metadata?.annotations?.[SPEC_HASH_ANNOTATION] !==
      want.metadata?.annotations?.[SPEC_HASH_ANNOTATION]
  );
}

/** pending -> deploying -> ready, or failed with a reason. */
export function verdict(
  model: MLModel,
  dep: V1Deployment | undefined,
  pods: V1Pod[],
  now: number = Date.now(),
): Verdict {
  const invalid = validate(model);
  if (invalid) return { deploymentStatus: 'failed', reason: invalid };
  if (!dep)
    return {
      deploymentStatus: 'pending',
      reason: 'serving Deployment not created yet',
    };
  const want = model.spec.replicas ?? 1;
  const st = dep.status ?? {};
  const observed =
    (st.observedGeneration ?? 0) >= (dep.metadata?.generation ?? 1);
  const available =
    st.conditions?.find(c => c.type === 'Available')?.status === 'True';
  if (
    observed &&
    available &&
    (st.updatedReplicas ?? 0) >= want &&
    (st.availableReplicas ?? 0) >= want &&
    (st.replicas ?? 0) === want
  ) {
    return { deploymentStatus: 'ready', reason: '' };
  }
  for (const p of pods) {
    if (p.metadata?.deletionTimestamp) continue;
    const sched = p.status?.conditions?.find(c => c.type === 'PodScheduled');
    if (sched?.status === 'False' && sched.reason === 'Unschedulable') {
      return {
        deploymentStatus: 'failed',
        reason: `Unschedulable: pod ${p.metadata?.name}: ${
          sched.message ?? ''
        }`.trim(),
      };
    }
    for (const cs of p.status?.containerStatuses ?? []) {
      const w = cs.state?.waiting?.reason;
      if (
        w === 'CrashLoopBackOff' ||
        w === 'ImagePullBackOff' ||
        w === 'ErrImagePull'
      ) {
        return {
          deploymentStatus: 'failed',
          reason: `${w}: pod ${p.metadata?.name} container ${cs.name}`,
        };
      }
    }
  }
  const progressing = st.conditions?.find(c => c.type === 'Progressing');
  if (
    progressing?.status === 'False' &&
    progressing.reason === 'ProgressDeadlineExceeded'
  ) {
    return {
      deploymentStatus: 'failed',
      reason: `ProgressDeadlineExceeded: ${progressing.message ?? ''}`.trim(),
    };
  }
  void now;
  return {
    deploymentStatus: 'deploying',
    reason: `${st.availableReplicas ?? 0}/${want} replicas available`,
  };
}
