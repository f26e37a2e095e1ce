import { CatalogIndex } from '../catalogIndex';
import { ClusterFacts, ClusterStatus, UnownedReport } from '../types';
import { entitiesClaimingWorkload } from './kubernetesClaims';

/** Namespaces of the platform itself, left out of the unowned report by default. */
export const DEFAULT_IGNORED_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

/**
 * Workloads no catalog component claims (see `entitiesClaimingWorkload`),
 * per cluster and namespace. Without cluster facts the report is empty and
 * says the clusters are unavailable.
 */
export function findUnownedWorkloads(
  index: CatalogIndex,
  facts: ClusterFacts | undefined,
  cluster: ClusterStatus,
  options: { ignoreNamespaces?: string[] } = {},
): UnownedReport {
  if (!facts) return { cluster, clusters: [], total: 0 };
  const ignored = new Set(
    options.ignoreNamespaces ?? DEFAULT_IGNORED_NAMESPACES,
  );
  const byCluster = new Map<
    string,
    Map<string, UnownedReport['clusters'][0]['namespaces'][0]['workloads']>
  >();
  for (const name of facts.clusters) byCluster.set(name, new Map());
  let total = 0;
  for (const w of facts.workloads) {
    if (ignored.has(w.namespace)) continue;
    if (entitiesClaimingWorkload(w, index).length > 0) continue;
    const namespaces = byCluster.get(w.cluster) ?? new Map();
    byCluster.set(w.cluster, namespaces);
    const list = namespaces.get(w.namespace) ?? [];
    namespaces.set(w.namespace, list);
    list.push({
      kind: w.kind,
      name: w.name,
      serviceAccountName: w.serviceAccountName,
      images: w.images ?? [],
    });
    total += 1;
  }
  return {
    cluster,
    total,
    clusters: [...byCluster.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, namespaces]) => ({
        cluster: name,
        namespaces: [...namespaces.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([namespace, workloads]) => ({
            namespace,
            workloads: workloads.sort(
              (a, b) =>
                a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
            ),
          })),
      })),
  };
}
