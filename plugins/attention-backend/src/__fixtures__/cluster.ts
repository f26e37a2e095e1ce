import { Entity } from '@backstage/catalog-model';
import {
  ClusterHealth,
  DeploymentObject,
  MLModelObject,
  PodObject,
  ReplicaSetObject,
  selectorMatches,
} from '@supply-chain/plugin-rollouts-common';
import { ObjectFilter } from '@supply-chain/plugin-rollouts-node';
import { ClusterReads } from '../detect/detectProblems';

/** A catalog Component with the Kubernetes and Argo CD annotations of the seed. */
export function component(
  name: string,
  owner = 'group:default/fulfillment-team',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'argocd/app-name': name,
      },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

const UID = (name: string) => `uid-${name}`;

type WorkloadState = 'healthy' | 'stalled' | 'crash-loop' | 'image-pull';

const PROGRESSING_REASON: Record<WorkloadState, string> = {
  healthy: 'NewReplicaSetAvailable',
  stalled: 'ProgressDeadlineExceeded',
  'crash-loop': 'ReplicaSetUpdated',
  'image-pull': 'ReplicaSetUpdated',
};

const WAITING: Record<
  WorkloadState,
  { reason: string; message: string } | undefined
> = {
  healthy: undefined,
  stalled: undefined,
  'crash-loop': {
    reason: 'CrashLoopBackOff',
    message: 'back-off 40s restarting',
  },
  'image-pull': {
    reason: 'ImagePullBackOff',
    message: 'Back-off pulling image',
  },
};

/** A Deployment at revision 2 whose new pods are `podState` (ready by default). */
export function workload(
  name: string,
  state: WorkloadState = 'healthy',
): {
  deployment: DeploymentObject;
  replicaSet: ReplicaSetObject;
  pods: PodObject[];
} {
  const labels = { app: name, 'backstage.io/kubernetes-id': name };
  const ready = state === 'healthy';
  const deployment: DeploymentObject = {
    metadata: {
      name,
      namespace: 'supply-chain',
      uid: UID(name),
      generation: 2,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: `registry/${name}:v2` }] },
      },
    },
    status: {
      observedGeneration: 2,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: ready ? 2 : 0,
      availableReplicas: ready ? 2 : 0,
      conditions: [
        {
          type: 'Progressing',
          status: state === 'stalled' ? 'False' : 'True',
          reason: PROGRESSING_REASON[state],
          message:
            state === 'stalled'
              ? `ReplicaSet "${name}-hash2" has timed out progressing.`
              : undefined,
        },
      ],
    },
  };
  const replicaSet: ReplicaSetObject = {
    metadata: {
      name: `${name}-hash2`,
      namespace: 'supply-chain',
      uid: `rs-${name}`,
      labels: { app: name, 'pod-template-hash': 'hash2' },
      annotations: { 'deployment.kubernetes.io/revision': '2' },
      ownerReferences: [
        { kind: 'Deployment', name, uid: UID(name), controller: true },
      ],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name, 'pod-template-hash': 'hash2' } },
      template: {
        metadata: { labels: { app: name, 'pod-template-hash': 'hash2' } },
        spec: { containers: [{ name, image: `registry/${name}:v2` }] },
      },
    },
    status: { replicas: 2, readyReplicas: ready ? 2 : 0 },
  };
  const waiting = WAITING[state];
  const pods: PodObject[] = [0, 1].map(i => ({
    metadata: {
      name: `${name}-hash2-${i}`,
      namespace: 'supply-chain',
      labels: { app: name, 'pod-template-hash': 'hash2' },
      ownerReferences: [
        {
          kind: 'ReplicaSet',
          name: `${name}-hash2`,
          uid: `rs-${name}`,
          controller: true,
        },
      ],
    },
    spec: { nodeName: 'kwok-node-0' },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name,
          ready,
          restartCount: state === 'crash-loop' ? 4 : 0,
          image: `registry/${name}:v2`,
          state: waiting
            ? { waiting }
            : { running: { startedAt: '2026-12-01T10:00:00Z' } },
        },
      ],
    },
  }));
  return { deployment, replicaSet, pods };
}

/** An MLModel labelled for `entityName`, with the operator's status. */
export function mlModel(
  name: string,
  entityName: string,
  deploymentStatus: string,
  reason?: string,
): MLModelObject {
  return {
    apiVersion: 'ml.supplychain.io/v1',
    kind: 'MLModel',
    metadata: {
      name,
      namespace: 'supply-chain',
      labels: { 'backstage.io/kubernetes-id': entityName },
      annotations: reason ? { 'ml.supplychain.io/failure-reason': reason } : {},
      creationTimestamp: '2026-12-01T10:00:00Z',
    },
    spec: {
      modelName: name,
      modelVersion: 'v1.0.0',
      framework: 'pytorch',
      replicas: 1,
    },
    status: { deploymentStatus, lastUpdated: '2026-12-01T10:00:00Z' },
  } as MLModelObject;
}

function matches(
  object: { metadata: { namespace?: string; labels?: Record<string, string> } },
  filter?: ObjectFilter,
): boolean {
  if (filter?.namespace && object.metadata.namespace !== filter.namespace) {
    return false;
  }
  return (
    !filter?.labelSelector ||
    selectorMatches(filter.labelSelector, object.metadata.labels)
  );
}

/** An in-memory stand-in for the watch cache's reads, one cluster. */
export class FakeCluster implements ClusterReads {
  health: ClusterHealth = {
    name: 'sandbox',
    status: 'synced',
    since: '2026-12-01T10:00:00Z',
  };
  deployments: DeploymentObject[] = [];
  replicaSets: ReplicaSetObject[] = [];
  pods: PodObject[] = [];
  models: MLModelObject[] = [];
  /** change listeners, for tests that stand in for the cache's subscribe */
  listeners: Array<() => void> = [];

  put(w: ReturnType<typeof workload>): this {
    const name = w.deployment.metadata.name;
    this.deployments = [
      ...this.deployments.filter(d => d.metadata.name !== name),
      w.deployment,
    ];
    this.replicaSets = [
      ...this.replicaSets.filter(r => r.metadata.name !== `${name}-hash2`),
      w.replicaSet,
    ];
    this.pods = [
      ...this.pods.filter(p => !p.metadata.name.startsWith(`${name}-hash2-`)),
      ...w.pods,
    ];
    return this;
  }

  listClusters() {
    return [this.health];
  }
  listDeployments(_: string, filter?: ObjectFilter) {
    return this.deployments.filter(o => matches(o, filter));
  }
  listReplicaSets(_: string, filter?: ObjectFilter) {
    return this.replicaSets.filter(o => matches(o, filter));
  }
  listPods(_: string, filter?: ObjectFilter) {
    return this.pods.filter(o => matches(o, filter));
  }
  listMLModels(_: string, filter?: ObjectFilter) {
    return this.models.filter(o => matches(o, filter));
  }
}
