import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogIndex,
  ClusterFacts,
  ServiceDrift,
  computeDrift,
  findUnownedWorkloads,
} from '@supply-chain/plugin-service-boundaries-common';
import { DetectedProblem, entityPath } from './detectProblems';

/**
 * The source of drift and unowned-workload problems: the merged facts of every
 * reachable cluster. Such a problem is only resolved by an evaluation that
 * could read them.
 */
export const BOUNDARIES_SOURCE = 'boundaries';

const MAX_NAMED = 3;

function named(items: string[]): string {
  const more =
    items.length > MAX_NAMED ? ` and ${items.length - MAX_NAMED} more` : '';
  return `${items.slice(0, MAX_NAMED).join(', ')}${more}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The findings of one service in one line, in the words of the Service boundaries card. */
export function driftReason(drift: ServiceDrift): string {
  const parts: string[] = [];
  if (drift.undeclaredCallers.length > 0) {
    parts.push(
      `${plural(
        drift.undeclaredCallers.length,
        'undeclared caller',
        'undeclared callers',
      )} (the mesh allows them, the catalog declares no dependency): ${named(
        drift.undeclaredCallers.map(c =>
          c.component ? `${c.principal} = ${c.component.name}` : c.principal,
        ),
      )}`,
    );
  }
  if (drift.refusedDependencies.length > 0) {
    parts.push(
      `declared dependencies the mesh would refuse: ${named(
        drift.refusedDependencies.map(d => d.component.name),
      )}`,
    );
  }
  const r = drift.responsibilities;
  if (r.status === 'differs' || r.status === 'not-in-catalog') {
    const differences = [
      ...r.onlyInCluster.map(x => `only in the cluster: ${x}`),
      ...r.onlyInCatalog.map(x => `only in the catalog: ${x}`),
      ...(r.orderDiffers ? ['same items, different order'] : []),
    ];
    parts.push(
      `responsibilities differ from the cluster ConfigMap${
        r.source ? ` (${r.source})` : ''
      }: ${named(differences)}`,
    );
  }
  if (drift.sharedWorkloads.length > 0) {
    parts.push(
      `${plural(
        drift.sharedWorkloads.length,
        'workload',
        'workloads',
      )} other entities claim too (portal actions on them are refused): ${named(
        drift.sharedWorkloads.map(w => w.workload),
      )}`,
    );
  }
  return parts.join('; ');
}

/**
 * One problem per service whose boundaries drift (the drift report of the
 * service-boundaries family over the whole catalog), linking the entity's
 * overview, where the Service boundaries card lists the findings.
 */
export function detectBoundaryDrift(
  index: CatalogIndex,
  facts: ClusterFacts,
): DetectedProblem[] {
  const report = computeDrift({
    index,
    facts,
    cluster: { status: 'available', clusters: facts.clusters },
  });
  return report.services.flatMap(drift => {
    const entity = index.get(drift.entity.ref);
    if (drift.findings === 0 || !entity) return [];
    const entityRef = stringifyEntityRef(entity);
    const { name } = entity.metadata;
    return [
      {
        id: `boundary-drift:${entityRef}`,
        kind: 'boundary-drift' as const,
        severity: 'warning' as const,
        entityRef,
        ...(drift.entity.owner ? { ownerRef: drift.entity.owner } : {}),
        source: BOUNDARIES_SOURCE,
        subject: `Service boundaries of ${name}`,
        title: `${name}: boundaries drift from the catalog`,
        reason: driftReason(drift),
        link: entityPath(entity),
      },
    ];
  });
}

/** Where the Unowned workloads report is. */
export const WHO_OWNS_PATH = '/who-owns';

/**
 * One problem per cluster namespace with workloads no catalog entity claims
 * (the Unowned workloads report of the service-boundaries family), naming
 * them and their images. It belongs to no entity: the reader serves it only
 * to callers who may read unclaimed objects.
 */
export function detectUnownedWorkloads(
  index: CatalogIndex,
  facts: ClusterFacts,
): DetectedProblem[] {
  const report = findUnownedWorkloads(index, facts, {
    status: 'available',
    clusters: facts.clusters,
  });
  return report.clusters.flatMap(({ cluster, namespaces }) =>
    namespaces.map(({ namespace, workloads }) => {
      const where = `${cluster}/${namespace}`;
      return {
        id: `unowned-workload:${where}`,
        kind: 'unowned-workload' as const,
        severity: 'warning' as const,
        source: BOUNDARIES_SOURCE,
        subject: `namespace ${where}`,
        title: `${where}: ${plural(
          workloads.length,
          'workload no catalog entity claims',
          'workloads no catalog entity claims',
        )}`,
        reason: `No catalog entity claims ${named(
          workloads.map(
            w =>
              `${w.kind} ${w.name}${
                w.images.length > 0 ? ` (${w.images.join(', ')})` : ''
              }`,
          ),
        )}`,
        link: WHO_OWNS_PATH,
      };
    }),
  );
}
