import type { ArgoCdResourceStatus } from './argoCdRestTypes';
import type { ArgoCdResourceProblem } from './portalApiTypes';

/** Colour family of a status, for chips. @public */
export type StatusTone = 'success' | 'warning' | 'danger' | 'info' | 'neutral';

/** Sync status → tone. @public */
export function syncStatusTone(status: string | undefined): StatusTone {
  switch (status) {
    case 'Synced':
      return 'success';
    case 'OutOfSync':
      return 'warning';
    default:
      return 'neutral';
  }
}

/** Health status (Argo CD's health.lua vocabulary) → tone. @public */
export function healthStatusTone(status: string | undefined): StatusTone {
  switch (status) {
    case 'Healthy':
      return 'success';
    case 'Progressing':
    case 'Suspended':
      return 'info';
    case 'Degraded':
      return 'danger';
    case 'Missing':
      return 'warning';
    default:
      return 'neutral';
  }
}

/** Operation phase → tone. @public */
export function operationPhaseTone(phase: string | undefined): StatusTone {
  switch (phase) {
    case 'Succeeded':
      return 'success';
    case 'Running':
    case 'Terminating':
      return 'info';
    case 'Failed':
    case 'Error':
      return 'danger';
    default:
      return 'neutral';
  }
}

/**
 * A resource needs attention when it is OutOfSync, or has a health that is
 * not Healthy. Resources without health (ConfigMaps, Services without
 * checks) only count by their sync status.
 * @public
 */
export function isProblemResource(resource: ArgoCdResourceStatus): boolean {
  if (resource.status === 'OutOfSync') return true;
  const health = resource.health?.status;
  return health !== undefined && health !== '' && health !== 'Healthy';
}

const HEALTH_ORDER: Record<string, number> = {
  Degraded: 0,
  Missing: 1,
  Unknown: 2,
  Progressing: 3,
  Suspended: 4,
};

/**
 * The resources that need attention, OutOfSync first, then by health
 * severity (Degraded, Missing, Unknown, Progressing, Suspended), then by kind/name.
 * @public
 */
export function problemResources(
  resources: readonly ArgoCdResourceStatus[] | null | undefined,
): ArgoCdResourceProblem[] {
  return (resources ?? [])
    .filter(isProblemResource)
    .map(r => ({
      group: r.group || undefined,
      version: r.version || undefined,
      kind: r.kind,
      namespace: r.namespace || undefined,
      name: r.name,
      syncStatus: r.status,
      healthStatus: r.health?.status || undefined,
      healthMessage: r.health?.message || undefined,
      requiresPruning: r.requiresPruning || undefined,
    }))
    .sort((a, b) => {
      const sa = a.syncStatus === 'OutOfSync' ? 0 : 1;
      const sb = b.syncStatus === 'OutOfSync' ? 0 : 1;
      if (sa !== sb) return sa - sb;
      const ha = HEALTH_ORDER[a.healthStatus ?? ''] ?? 9;
      const hb = HEALTH_ORDER[b.healthStatus ?? ''] ?? 9;
      if (ha !== hb) return ha - hb;
      return `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`);
    });
}
