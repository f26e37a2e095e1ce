import { Text } from '@backstage/ui';
import { DriftReport } from '@supply-chain/plugin-service-boundaries-common';
import { EntityLink } from '@supply-chain/portal-react';
import { ClusterStatusNotice, ServiceDriftFindings } from '../common';

/** The system-wide drift report. */
export function DriftReportSection(props: { report: DriftReport }) {
  const { report } = props;
  const s = report.summary;
  return (
    <section aria-label="Drift report">
      <Text as="h2" variant="title-small">
        Drift between catalog and clusters
      </Text>
      <ClusterStatusNotice cluster={report.cluster} what="Drift report" />
      {report.cluster.status === 'available' && (
        <>
          <Text as="p">
            {s.servicesWithDrift} of {s.services} services drift:{' '}
            {s.undeclaredCallers} undeclared caller
            {s.undeclaredCallers === 1 ? '' : 's'}, {s.refusedDependencies}{' '}
            refused dependenc{s.refusedDependencies === 1 ? 'y' : 'ies'},{' '}
            {s.responsibilitiesDiffer} with differing responsibilities
            {s.sharedWorkloads
              ? `, ${s.sharedWorkloads} workload${
                  s.sharedWorkloads === 1 ? '' : 's'
                } claimed by more than one entity`
              : ''}
            .
          </Text>
          <ul>
            {report.services.map(service => (
              <li key={service.entity.ref}>
                <EntityLink entity={service.entity} />
                <ServiceDriftFindings drift={service} />
              </li>
            ))}
          </ul>
          {report.unknownConfigMapServices.length > 0 && (
            <Text as="p" color="warning">
              The service-boundaries ConfigMap names services the catalog does
              not have:{' '}
              {report.unknownConfigMapServices
                .map(u => `${u.service} (${u.source})`)
                .join(', ')}
            </Text>
          )}
        </>
      )}
    </section>
  );
}
