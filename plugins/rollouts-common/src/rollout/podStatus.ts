import { ContainerStatus, PodObject } from '../kubernetesObjects';
import { PodProblem, PodRollout } from '../types';

/** Pod problems that make a rollout `failing` when pods of the new revision have them. @public */
export const FAILING_POD_PROBLEMS: ReadonlyArray<PodProblem> = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'OOMKilled',
];

function restartsText(cs: ContainerStatus): string {
  return cs.restartCount === 1 ? '1 restart' : `${cs.restartCount} restarts`;
}

function containerProblem(
  cs: ContainerStatus,
): { reason: PodProblem; message: string } | undefined {
  const waiting = cs.state?.waiting?.reason;
  const lastTerminated = cs.lastState?.terminated;
  const terminated = cs.state?.terminated;
  if (
    terminated?.reason === 'OOMKilled' ||
    (waiting === 'CrashLoopBackOff' && lastTerminated?.reason === 'OOMKilled')
  ) {
    return {
      reason: 'OOMKilled',
      message: `container ${
        cs.name
      } was killed for using more memory than its limit (OOMKilled), ${restartsText(
        cs,
      )}`,
    };
  }
  if (waiting === 'CrashLoopBackOff') {
    const exit =
      lastTerminated?.exitCode !== undefined
        ? `, last exit code ${lastTerminated.exitCode}`
        : '';
    return {
      reason: 'CrashLoopBackOff',
      message: `container ${
        cs.name
      } keeps crashing and is waiting to restart (CrashLoopBackOff), ${restartsText(
        cs,
      )}${exit}`,
    };
  }
  if (
    waiting === 'ImagePullBackOff' ||
    waiting === 'ErrImagePull' ||
    waiting === 'InvalidImageName'
  ) {
    return {
      reason: 'ImagePullBackOff',
      message: `cannot pull image ${cs.image ?? '(unknown)'} for container ${
        cs.name
      } (${waiting})${
        cs.state?.waiting?.message ? `: ${cs.state.waiting.message}` : ''
      }`,
    };
  }
  if (
    waiting === 'CreateContainerConfigError' ||
    waiting === 'CreateContainerError' ||
    waiting === 'RunContainerError'
  ) {
    return {
      reason: 'Error',
      message: `container ${cs.name} cannot start (${waiting})${
        cs.state?.waiting?.message ? `: ${cs.state.waiting.message}` : ''
      }`,
    };
  }
  if (terminated && terminated.exitCode !== 0) {
    return {
      reason: 'Error',
      message: `container ${cs.name} exited with code ${
        terminated.exitCode ?? '?'
      }${terminated.reason ? ` (${terminated.reason})` : ''}`,
    };
  }
  return undefined;
}

/**
 * A pod as the portal shows it: phase, readiness, restarts and what is wrong in words.
 * @public
 */
export function summarizePod(pod: PodObject): PodRollout {
  const status = pod.status ?? {};
  const containers = status.containerStatuses ?? [];
  const initContainers = status.initContainerStatuses ?? [];
  const restarts = [...containers, ...initContainers].reduce(
    (sum, cs) => sum + (cs.restartCount ?? 0),
    0,
  );
  const readyCondition = status.conditions?.find(c => c.type === 'Ready');
  const ready =
    status.phase === 'Running' &&
    (readyCondition
      ? readyCondition.status === 'True'
      : containers.length > 0 && containers.every(cs => cs.ready));
  const base: PodRollout = {
    name: pod.metadata.name,
    phase: status.phase ?? 'Unknown',
    ready,
    restarts,
    nodeName: pod.spec?.nodeName,
    createdAt: pod.metadata.creationTimestamp,
  };

  if (pod.metadata.deletionTimestamp) {
    return {
      ...base,
      ready: false,
      reason: 'Terminating',
      message: 'pod is terminating',
    };
  }

  const problems = [...initContainers, ...containers]
    .map(containerProblem)
    .filter((p): p is { reason: PodProblem; message: string } => !!p);
  // the most telling problem first: OOMKilled, crash loop, image pull, others
  const order: PodProblem[] = [
    'OOMKilled',
    'CrashLoopBackOff',
    'ImagePullBackOff',
    'Error',
  ];
  problems.sort((a, b) => order.indexOf(a.reason) - order.indexOf(b.reason));
  if (problems.length > 0) {
    return {
      ...base,
      reason: problems[0].reason,
      message: problems[0].message,
    };
  }

  const scheduled = status.conditions?.find(c => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return {
      ...base,
      reason: 'Unschedulable',
      message: `no node can run this pod${
        scheduled.message ? `: ${scheduled.message}` : ''
      }`,
    };
  }

  if (status.phase === 'Failed') {
    return {
      ...base,
      reason: 'Error',
      message: `pod failed${status.reason ? ` (${status.reason})` : ''}${
        status.message ? `: ${status.message}` : ''
      }`,
    };
  }

  if (status.phase === 'Pending') {
    const creating = containers.find(
      cs =>
        cs.state?.waiting?.reason === 'ContainerCreating' ||
        cs.state?.waiting?.reason === 'PodInitializing',
    );
    if (creating || (scheduled?.status === 'True' && containers.length === 0)) {
      return {
        ...base,
        reason: 'ContainerCreating',
        message: 'containers are being created',
      };
    }
    return base;
  }

  if (status.phase === 'Running' && !ready) {
    const notReady = containers.filter(cs => !cs.ready && cs.state?.running);
    if (notReady.length > 0) {
      return {
        ...base,
        reason: 'ReadinessFailing',
        message: `readiness probe failing: container ${notReady
          .map(cs => cs.name)
          .join(', ')} is running but not ready`,
      };
    }
  }
  return base;
}
