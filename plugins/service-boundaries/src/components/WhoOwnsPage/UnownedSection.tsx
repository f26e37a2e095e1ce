import { Text } from '@backstage/ui';
import { UnownedReport } from '@supply-chain/plugin-service-boundaries-common';
import { ClusterStatusNotice } from '../common';

/** Workloads no catalog entity claims, per cluster and namespace. */
export function UnownedSection(props: { report: UnownedReport }) {
  const { report } = props;
  return (
    <section aria-label="Unowned workloads">
      <Text as="h2" variant="title-small">
        Unowned workloads
      </Text>
      <ClusterStatusNotice cluster={report.cluster} what="Unowned workloads" />
      {report.cluster.status === 'available' && report.total === 0 && (
        <Text as="p" color="success">
          Every workload in {report.cluster.clusters.join(', ')} is claimed by a
          catalog component.
        </Text>
      )}
      {report.total > 0 && (
        <>
          <Text as="p" color="warning">
            {report.total} workload{report.total === 1 ? '' : 's'} no catalog
            entity claims:
          </Text>
          {report.clusters
            .filter(c => c.namespaces.length > 0)
            .map(c => (
              <div key={c.cluster}>
                <Text as="h3" variant="title-x-small">
                  Cluster {c.cluster}
                </Text>
                {c.namespaces.map(ns => (
                  <div key={ns.namespace}>
                    <Text as="p">Namespace {ns.namespace}:</Text>
                    <ul>
                      {ns.workloads.map(w => (
                        <li key={`${w.kind}/${w.name}`}>
                          {w.kind} {w.name}
                          {w.serviceAccountName
                            ? `, service account ${w.serviceAccountName}`
                            : ''}
                          {w.images.length > 0
                            ? `, image ${w.images.join(', ')}`
                            : ''}
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </div>
            ))}
        </>
      )}
    </section>
  );
}
