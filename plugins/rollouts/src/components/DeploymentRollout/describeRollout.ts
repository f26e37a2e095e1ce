import type {
  DeploymentRollout,
  PodProblem,
  PodRollout,
  RolloutRevision,
} from '@supply-chain/plugin-rollouts-common';

const problemWords: Record<PodProblem, string> = {
  CrashLoopBackOff: 'keeps crashing and being restarted (CrashLoopBackOff)',
  ImagePullBackOff: 'cannot pull its container image (ImagePullBackOff)',
  OOMKilled:
    'was killed for using more memory than its limit allows (OOMKilled)',
  Unschedulable: 'cannot be placed on any node (Unschedulable)',
  ReadinessFailing: 'is running but fails its readiness probe',
  ContainerCreating: 'is still creating its containers',
  Terminating: 'is shutting down',
  Error: 'exited with an error',
};

/** What is wrong with a pod, in words; undefined for a healthy pod. */
export function describePodProblem(pod: PodRollout): string | undefined {
  if (pod.message) {
    return pod.message;
  }
  if (pod.reason) {
    return `Pod ${problemWords[pod.reason] ?? pod.reason}`;
  }
  return undefined;
}

/** e.g. "RollingUpdate (max surge 1, max unavailable 0)" or "Recreate". */
export function describeStrategy(strategy: DeploymentRollout['strategy']) {
  const parts: string[] = [];
  if (strategy.maxSurge !== undefined) {
    parts.push(`max surge ${strategy.maxSurge}`);
  }
  if (strategy.maxUnavailable !== undefined) {
    parts.push(`max unavailable ${strategy.maxUnavailable}`);
  }
  return parts.length
    ? `${strategy.type} (${parts.join(', ')})`
    : strategy.type || 'unknown';
}

/** e.g. "revision 4 (v1.3.0, your-registry/inventory-service:v1.3.0)". */
export function describeRevision(revision: RolloutRevision | undefined) {
  if (!revision) {
    return 'an unknown revision';
  }
  const details = [revision.version, ...revision.images].filter(Boolean);
  return `revision ${revision.revision}${
    details.length ? ` (${details.join(', ')})` : ''
  }`;
}

/** What a restart does with this strategy, in one sentence. */
export function describeRestartEffect(deployment: DeploymentRollout) {
  const { strategy, desiredReplicas } = deployment;
  if (strategy.type === 'Recreate') {
    return `all ${desiredReplicas} pods are stopped before new ones start, so the service is down until the new pods are ready.`;
  }
  const surge = strategy.maxSurge ?? '25%';
  const unavailable = strategy.maxUnavailable ?? '25%';
  const oneAtATime =
    String(surge) === '1' || String(unavailable) === '1'
      ? 'pods are replaced one at a time'
      : 'pods are replaced gradually';
  return `${oneAtATime} (at most ${surge} extra, at most ${unavailable} unavailable), so ${desiredReplicas} ${
    desiredReplicas === 1 ? 'replica keeps' : 'replicas keep'
  } serving while new pods start.`;
}
