import type {
  AuthorizationPolicyObject,
  ConfigMapObject,
  ContainerResources,
  ContainerStatus,
  DeploymentObject,
  DestinationRuleObject,
  HorizontalPodAutoscalerObject,
  MLModelObject,
  ObjectMeta,
  PodObject,
  PodTemplateSummary,
  ReplicaSetObject,
  VirtualServiceObject,
} from '@supply-chain/plugin-rollouts-common';

/**
 * Keep only what the portal reads. Everything else the apiserver sends
 * (managedFields, env, volumes, probes, full pod specs, last-applied
 * annotations) is dropped before it enters the cache.
 */

const DROPPED_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
];

/** An object's metadata; `keepAnnotation` says which annotations stay (default: all but last-applied). */
export function meta(
  m: any,
  keepAnnotation: (key: string) => boolean = key =>
    !DROPPED_ANNOTATIONS.includes(key),
): ObjectMeta {
  const kept = Object.entries(m?.annotations ?? {}).filter(([key]) =>
    keepAnnotation(key),
  );
  const annotations = kept.length
    ? Object.fromEntries(kept.map(([key, value]) => [key, String(value)]))
    : undefined;
  return {
    name: m?.name ?? '',
    namespace: m?.namespace,
    uid: m?.uid,
    generation: m?.generation,
    resourceVersion: m?.resourceVersion,
    creationTimestamp: m?.creationTimestamp,
    deletionTimestamp: m?.deletionTimestamp,
    labels: m?.labels,
    annotations,
    ownerReferences: m?.ownerReferences?.map((o: any) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.name,
      uid: o.uid,
      controller: o.controller,
    })),
  };
}

/** Requests and limits only (capacity reads them); claims and the rest are dropped. */
function resources(r: any): ContainerResources | undefined {
  if (!r?.requests && !r?.limits) return undefined;
  return {
    ...(r.requests ? { requests: { ...r.requests } } : {}),
    ...(r.limits ? { limits: { ...r.limits } } : {}),
  };
}

function template(t: any): PodTemplateSummary {
  return {
    metadata: {
      labels: t?.metadata?.labels,
      annotations: t?.metadata?.annotations,
    },
    spec: {
      serviceAccountName: t?.spec?.serviceAccountName,
      containers: (t?.spec?.containers ?? []).map((c: any) => ({
        name: c.name,
        image: c.image,
        resources: resources(c.resources),
      })),
    },
  };
}

function containerStatus(c: any): ContainerStatus {
  const state = (s: any) =>
    s && {
      waiting: s.waiting && {
        reason: s.waiting.reason,
        message: s.waiting.message,
      },
      running: s.running && { startedAt: s.running.startedAt },
      terminated: s.terminated && {
        reason: s.terminated.reason,
        message: s.terminated.message,
        exitCode: s.terminated.exitCode,
      },
    };
  return {
    name: c.name,
    ready: !!c.ready,
    restartCount: c.restartCount ?? 0,
    image: c.image,
    started: c.started,
    state: state(c.state),
    lastState: state(c.lastState),
  };
}

const conditions = (cs: any[] | undefined) =>
  cs?.map(c => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    lastUpdateTime: c.lastUpdateTime,
    lastTransitionTime: c.lastTransitionTime,
  }));

export function slimDeployment(o: any): DeploymentObject {
  return {
    metadata: meta(o.metadata),
    spec: {
      replicas: o.spec?.replicas,
      paused: o.spec?.paused,
      selector: o.spec?.selector ?? {},
      minReadySeconds: o.spec?.minReadySeconds,
      progressDeadlineSeconds: o.spec?.progressDeadlineSeconds,
      revisionHistoryLimit: o.spec?.revisionHistoryLimit,
      strategy: o.spec?.strategy,
      template: template(o.spec?.template),
    },
    status: o.status && {
      observedGeneration: o.status.observedGeneration,
      replicas: o.status.replicas,
      updatedReplicas: o.status.updatedReplicas,
      readyReplicas: o.status.readyReplicas,
      availableReplicas: o.status.availableReplicas,
      unavailableReplicas: o.status.unavailableReplicas,
      conditions: conditions(o.status.conditions),
    },
  };
}

export function slimReplicaSet(o: any): ReplicaSetObject {
  return {
    metadata: meta(o.metadata),
    spec: {
      replicas: o.spec?.replicas,
      selector: o.spec?.selector,
      template: template(o.spec?.template),
    },
    status: o.status && {
      replicas: o.status.replicas,
      readyReplicas: o.status.readyReplicas,
      availableReplicas: o.status.availableReplicas,
      observedGeneration: o.status.observedGeneration,
    },
  };
}

export function slimPod(o: any): PodObject {
  return {
    metadata: meta(o.metadata),
    spec: {
      nodeName: o.spec?.nodeName,
      // what a pod's request as the scheduler counts it needs (capacity): no
      // env, volumes, probes or images
      containers: o.spec?.containers?.map((c: any) => ({
        name: c.name,
        resources: resources(c.resources),
      })),
      initContainers: o.spec?.initContainers?.map((c: any) => ({
        name: c.name,
        restartPolicy: c.restartPolicy,
        resources: resources(c.resources),
      })),
      overhead: o.spec?.overhead,
      tolerations: o.spec?.tolerations?.map((t: any) => ({
        key: t.key,
        operator: t.operator,
        value: t.value,
        effect: t.effect,
        tolerationSeconds: t.tolerationSeconds,
      })),
    },
    status: o.status && {
      phase: o.status.phase,
      reason: o.status.reason,
      message: o.status.message,
      startTime: o.status.startTime,
      conditions: conditions(o.status.conditions),
      containerStatuses: o.status.containerStatuses?.map(containerStatus),
      initContainerStatuses:
        o.status.initContainerStatuses?.map(containerStatus),
    },
  };
}

export function slimHpa(o: any): HorizontalPodAutoscalerObject {
  return {
    metadata: meta(o.metadata),
    spec: {
      scaleTargetRef: o.spec?.scaleTargetRef ?? { kind: '', name: '' },
      minReplicas: o.spec?.minReplicas,
      maxReplicas: o.spec?.maxReplicas ?? 0,
      metrics: o.spec?.metrics,
    },
    status: o.status && {
      currentReplicas: o.status.currentReplicas,
      desiredReplicas: o.status.desiredReplicas,
      currentMetrics: o.status.currentMetrics,
      conditions: conditions(o.status.conditions),
      lastScaleTime: o.status.lastScaleTime,
    },
  };
}

export function slimMLModel(o: any): MLModelObject {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: meta(o.metadata),
    spec: o.spec,
    status: o.status,
  };
}

export function slimVirtualService(o: any): VirtualServiceObject {
  return {
    metadata: meta(o.metadata),
    spec: {
      hosts: o.spec?.hosts,
      http: (o.spec?.http ?? []).map((r: any) => ({
        name: r.name,
        match: r.match,
        route: r.route?.map((d: any) => ({
          destination: d.destination,
          weight: d.weight,
        })),
      })),
    },
  };
}

export function slimDestinationRule(o: any): DestinationRuleObject {
  return {
    metadata: meta(o.metadata),
    spec: {
      host: o.spec?.host ?? '',
      subsets: o.spec?.subsets?.map((s: any) => ({
        name: s.name,
        labels: s.labels,
      })),
    },
  };
}

export function slimAuthorizationPolicy(o: any): AuthorizationPolicyObject {
  return {
    metadata: meta(o.metadata),
    spec: {
      action: o.spec?.action,
      selector: o.spec?.selector,
      rules: o.spec?.rules,
    },
  };
}

export function slimConfigMap(o: any): ConfigMapObject {
  return { metadata: meta(o.metadata), data: o.data };
}
