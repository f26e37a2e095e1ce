import type { WatchedKind } from '@supply-chain/plugin-rollouts-common';
import type { RolloutsClusterCacheService } from '@supply-chain/plugin-rollouts-node';
import { CapacityPoller } from './CapacityPoller';

/**
 * Where capacity's answers come from: pods, Deployments and HPAs from the
 * shared rollouts watch cache, nodes, metrics and VPAs from capacity's own
 * background poll. `ready()` resolves once the first cache sync and the first
 * poll have settled (bounded), so only answers of the first seconds after the
 * start wait; later answers never wait on a cluster.
 */
export interface CapacitySources {
  cache: RolloutsClusterCacheService;
  poller: CapacityPoller;
  ready(): Promise<void>;
}

/** How long an answer right after the start waits at most for the first sync and poll. */
export const FIRST_READ_WAIT_MS = 20_000;

export function capacitySources(
  cache: RolloutsClusterCacheService,
  poller: CapacityPoller,
  firstReadWaitMs = FIRST_READ_WAIT_MS,
): CapacitySources {
  let settled = false;
  let first: Promise<void> | undefined;
  return {
    cache,
    poller,
    ready() {
      if (settled) return Promise.resolve();
      if (!first) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        first = Promise.race([
          Promise.all([
            poller.firstPollSettled(),
            cache.waitForSync(firstReadWaitMs),
          ]).then(() => undefined),
          new Promise<void>(resolve => {
            timer = setTimeout(resolve, firstReadWaitMs);
            timer.unref?.();
          }),
        ]).finally(() => {
          settled = true;
          if (timer) clearTimeout(timer);
        });
      }
      return first;
    },
  };
}

/** The watched kinds capacity reads from the cache, named as the answer names them. */
const CACHED_KINDS: Array<[WatchedKind, string]> = [
  ['Deployment', 'Deployments'],
  ['Pod', 'pods'],
  ['HorizontalPodAutoscaler', 'HPAs'],
];

/**
 * A cluster as the watch cache holds it: `away` when the cache has nothing
 * of it (not watched, or unreachable and never listed), else what is not in
 * sync, in words: an unreachable cluster's last seen objects, or the kinds
 * capacity reads whose watch fails (the cache keeps their last listed objects).
 */
export function cacheStatus(
  cache: RolloutsClusterCacheService,
  cluster: string,
): { away?: string; errors: string[] } {
  const health = cache.getClusterHealth(cluster);
  if (!health) {
    return {
      away: `cluster ${cluster} is not in the rollouts watch cache`,
      errors: [],
    };
  }
  const errors: string[] = [];
  if (health.status === 'unreachable') {
    const error = health.error ?? `cluster ${cluster} is unreachable`;
    // never listed: nothing to show; listed before: its last objects, said so
    if (!health.lastSyncTime) return { away: error, errors };
    errors.push(
      `${error} (the watch cache shows the objects last seen at ${health.lastSyncTime})`,
    );
    return { errors };
  }
  for (const [kind, words] of CACHED_KINDS) {
    const resource = health.resources?.find(r => r.kind === kind);
    if (resource && resource.status !== 'synced') {
      errors.push(
        `${words}: ${
          resource.error ?? resource.status
        } (the watch cache shows the last listed ones)`,
      );
    }
  }
  return { errors };
}
