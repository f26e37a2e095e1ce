import { Flex, Text } from '@backstage/ui';
import { ServiceDrift } from '@supply-chain/plugin-service-boundaries-common';
import { EntityLink } from '@supply-chain/portal-react';

/** The drift findings of one service, as text (each line says what is wrong). */
export function ServiceDriftFindings(props: { drift: ServiceDrift }) {
  const { drift } = props;
  const r = drift.responsibilities;
  const responsibilitiesDiffer =
    r.status === 'differs' || r.status === 'not-in-catalog';
  if (drift.findings === 0) {
    return (
      <Text as="p" color="success">
        No drift:{' '}
        {drift.meshEnforced
          ? `the mesh allows exactly the declared callers (${drift.policies.join(
              ', ',
            )})`
          : 'no AuthorizationPolicy restricts callers'}
        {r.status === 'same'
          ? '; responsibilities match the cluster ConfigMap.'
          : '.'}
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <Text as="p" color="warning" weight="bold">
        Drift: {drift.findings} finding{drift.findings === 1 ? '' : 's'}
      </Text>
      {drift.sharedWorkloads.length > 0 && (
        <div>
          <Text as="p">
            Workloads other entities claim too (portal actions on them are
            refused):
          </Text>
          <ul>
            {drift.sharedWorkloads.map(w => (
              <li key={w.workload}>
                <code>{w.workload}</code>:{' '}
                {w.claimants.map((c, i) => (
                  <span key={c.ref}>
                    {i > 0 && ' and '}
                    <EntityLink entity={c} />
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </div>
      )}
      {drift.undeclaredCallers.length > 0 && (
        <div>
          <Text as="p">
            Undeclared callers (the mesh allows them, the catalog declares no
            dependency):
          </Text>
          <ul>
            {drift.undeclaredCallers.map(c => (
              <li key={c.principal}>
                <code>{c.principal}</code>
                {c.component ? (
                  <>
                    {' '}
                    = <EntityLink entity={c.component} />
                  </>
                ) : (
                  ' (no catalog component runs as this service account)'
                )}{' '}
                <Text variant="body-small" color="secondary">
                  allowed by {c.policy}
                </Text>
              </li>
            ))}
          </ul>
        </div>
      )}
      {drift.refusedDependencies.length > 0 && (
        <div>
          <Text as="p">Declared dependencies the mesh would refuse:</Text>
          <ul>
            {drift.refusedDependencies.map(d => (
              <li key={d.component.ref}>
                <EntityLink entity={d.component} />: {d.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {responsibilitiesDiffer && (
        <div>
          <Text as="p">
            Responsibilities differ from the cluster ConfigMap ({r.source}):
          </Text>
          <ul>
            {r.onlyInCluster.map(x => (
              <li key={`cluster-${x}`}>only in the cluster: {x}</li>
            ))}
            {r.onlyInCatalog.map(x => (
              <li key={`catalog-${x}`}>only in the catalog: {x}</li>
            ))}
            {r.orderDiffers && <li>same items, different order</li>}
          </ul>
        </div>
      )}
    </Flex>
  );
}
