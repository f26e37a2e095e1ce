import { resourceAmounts } from './sizing';
import type { ResourceAmounts, SizedResource } from './types';

const RESOURCES: SizedResource[] = ['cpu', 'memory'];

/** The parts of a pod spec its effective request is computed from. @public */
export interface PodRequestSpec {
  containers?: Array<{
    resources?: { requests?: Record<string, string | number> };
  }>;
  initContainers?: Array<{
    /** `Always` makes it a sidecar: it keeps running beside the containers */
    restartPolicy?: string;
    resources?: { requests?: Record<string, string | number> };
  }>;
  /** the RuntimeClass's pod overhead, set on the pod at admission */
  overhead?: Record<string, string | number>;
}

/**
 * A pod's effective request per resource, as the Kubernetes scheduler counts
 * it: the larger of the containers' sum and the largest init container, plus
 * the pod overhead. Init containers run one after the other before the
 * containers start, so only the largest of them counts, not their sum. A
 * sidecar (an init container with `restartPolicy: Always`) keeps running: it
 * counts towards every init container started after it and towards the
 * containers' sum. A resource no container or overhead requests is left out.
 * @public
 */
export function podRequests(spec: PodRequestSpec | undefined): ResourceAmounts {
  const containers = (spec?.containers ?? []).map(c =>
    resourceAmounts(c.resources?.requests),
  );
  const inits = (spec?.initContainers ?? []).map(c => ({
    sidecar: c.restartPolicy === 'Always',
    requests: resourceAmounts(c.resources?.requests),
  }));
  const overhead = resourceAmounts(spec?.overhead);
  const out: ResourceAmounts = {};
  for (const r of RESOURCES) {
    let requested = false;
    const value = (amounts: ResourceAmounts) => {
      if (amounts[r] === undefined) return 0;
      requested = true;
      return amounts[r]!;
    };
    let sidecars = 0;
    let largestInit = 0;
    for (const init of inits) {
      if (init.sidecar) {
        sidecars += value(init.requests);
      } else {
        largestInit = Math.max(largestInit, sidecars + value(init.requests));
      }
    }
    const running = containers.reduce((sum, c) => sum + value(c), 0) + sidecars;
    const total = Math.max(running, largestInit) + value(overhead);
    if (requested) out[r] = total;
  }
  return out;
}
