import { useCallback, useMemo, useState } from 'react';
import { Container, Flex, Header, Select, Text } from '@backstage/ui';
import {
  type DeploymentRolloutSummary,
  type OverviewEntity,
  ROLLOUTS_CLUSTERS_SIGNAL_CHANNEL,
  type RolloutPhase,
  type RolloutsOverviewEntity,
} from '@supply-chain/plugin-rollouts-common';
import {
  ClusterStatusBanner,
  DataFreshness,
  describeRolloutsError,
  EmptyState,
  RolloutPhaseChip,
  RolloutsErrorPanel,
  useLiveResource,
} from '@supply-chain/plugin-rollouts-react';
import { DataTable, EntityLink } from '@supply-chain/portal-react';
import {
  type RolloutsOverviewItem,
  useRolloutsOverviewClient,
} from '../../api';
import { shortRef } from '../common/shortRef';

type ClusterSummary = RolloutsOverviewEntity['clusters'][number];

interface Row {
  entityRef: string;
  entity: OverviewEntity;
  deployment: DeploymentRolloutSummary;
}

const ALL = '__all__';
const phases: RolloutPhase[] = [
  'complete',
  'progressing',
  'paused',
  'stalled',
  'failing',
];

/** Every entity's rollouts in one request (GET /overview/rollouts). */
function useAllRollouts() {
  const client = useRolloutsOverviewClient();
  const fetcher = useCallback(() => client.getRolloutsOverview(), [client]);
  return useLiveResource('all-rollouts', fetcher, {
    channel: ROLLOUTS_CLUSTERS_SIGNAL_CHANNEL,
    pollIntervalMs: 30_000,
  });
}

function FilterSelect(props: {
  label: string;
  value: string;
  values: string[];
  onChange: (value: string) => void;
}) {
  const { label, value, values, onChange } = props;
  return (
    <Select
      label={label}
      value={value}
      onChange={key => onChange(key === null ? ALL : String(key))}
      options={[
        { id: ALL, label: 'All' },
        ...values.map(v => ({ id: v, label: v })),
      ]}
      style={{ minWidth: 180 }}
    />
  );
}

/** The entity's title linking to its page; "—" when the field is empty. */
function RefLink(props: { entityRef: unknown; kind: string }) {
  const { entityRef, kind } = props;
  if (typeof entityRef !== 'string' || !entityRef) return <>—</>;
  return <EntityLink entity={entityRef} defaultKind={kind} />;
}

function RowsTable(props: { caption: string; rows: Row[] }) {
  const { caption, rows } = props;
  return (
    <DataTable
      caption={caption}
      columns={[
        'Service',
        'Deployment',
        'Cluster',
        'Phase',
        'Updated',
        'Ready',
        'Revision',
        'Owner',
        'System',
      ]}
      rows={rows.map(({ entityRef, entity, deployment }) => ({
        key: `${entityRef}/${deployment.cluster}/${deployment.namespace}/${deployment.name}`,
        cells: [
          <EntityLink key="entity" entity={entity} tab="rollouts" />,
          deployment.name,
          deployment.cluster,
          <span key="phase">
            <RolloutPhaseChip
              phase={deployment.phase}
              title={deployment.phaseMessage}
            />
            <Text as="div" variant="body-x-small" color="secondary">
              {deployment.phaseMessage}
            </Text>
          </span>,
          `${deployment.updatedReplicas}/${deployment.desiredReplicas}`,
          `${deployment.readyReplicas}/${deployment.desiredReplicas}`,
          String(deployment.revision),
          <RefLink key="owner" entityRef={entity.owner} kind="group" />,
          <RefLink key="system" entityRef={entity.system} kind="system" />,
        ],
      }))}
    />
  );
}

/**
 * Rollouts of every annotated service: what is rolling out now, what is stuck.
 * `withHeader: false` when the app frame already shows the page title.
 */
export function RolloutsPage(props: { withHeader?: boolean }) {
  const { withHeader = true } = props;
  const data = useAllRollouts();
  const [system, setSystem] = useState(ALL);
  const [owner, setOwner] = useState(ALL);
  const [phase, setPhase] = useState(ALL);

  const { rows, clusters, failures, systems, owners } = useMemo(() => {
    const allRows: Row[] = [];
    const clusterByName = new Map<string, ClusterSummary>();
    const failed: RolloutsOverviewItem[] = [];
    for (const item of data.value ?? []) {
      if (item.error) {
        failed.push(item);
        continue;
      }
      for (const cluster of item.clusters) {
        const known = clusterByName.get(cluster.name);
        if (
          !known ||
          (known.status === 'synced' && cluster.status !== 'synced')
        ) {
          clusterByName.set(cluster.name, cluster);
        }
        for (const deployment of cluster.deployments) {
          allRows.push({
            entityRef: item.entityRef,
            entity: item.entity,
            deployment,
          });
        }
      }
    }
    const unique = (values: Array<string | undefined>) =>
      [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
    return {
      rows: allRows,
      clusters: [...clusterByName.values()],
      failures: failed,
      systems: unique((data.value ?? []).map(i => shortRef(i.entity.system))),
      owners: unique((data.value ?? []).map(i => shortRef(i.entity.owner))),
    };
  }, [data.value]);

  const filtered = rows.filter(
    ({ entity, deployment }) =>
      (system === ALL || shortRef(entity.system) === system) &&
      (owner === ALL || shortRef(entity.owner) === owner) &&
      (phase === ALL || deployment.phase === phase),
  );
  const rollingOut = filtered.filter(
    r =>
      r.deployment.phase === 'progressing' || r.deployment.phase === 'paused',
  );
  const stuck = filtered.filter(
    r => r.deployment.phase === 'stalled' || r.deployment.phase === 'failing',
  );

  let body;
  if (data.loading) {
    body = (
      <Text role="status" variant="body-medium">
        Loading rollouts of all services…
      </Text>
    );
  } else if (!data.value) {
    body = (
      <RolloutsErrorPanel
        error={data.error}
        doing="load the rollouts of all services"
        onRetry={data.retry}
      />
    );
  } else if (data.value.length === 0) {
    body = (
      <EmptyState
        title="No service is linked to a cluster"
        description="Services appear here once their catalog entity has the backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation."
      />
    );
  } else {
    body = (
      <Flex direction="column" gap="5">
        <DataFreshness
          live={data.live}
          fetchedAt={data.fetchedAt}
          refreshing={data.refreshing}
          error={data.error}
          doing="refresh the rollouts of all services"
          onRefresh={data.retry}
        />
        {clusters.map(cluster => (
          <ClusterStatusBanner key={cluster.name} cluster={cluster} />
        ))}
        {failures.map(({ entityRef, entity, error }) => {
          const { title, detail } = describeRolloutsError(
            error,
            `load the rollouts of ${entity.name}`,
          );
          return (
            <Text key={entityRef} color="danger" role="alert">
              {title}
              {detail ? ` Server said: ${detail}` : ''}
            </Text>
          );
        })}
        <Flex gap="3" style={{ flexWrap: 'wrap' }}>
          <FilterSelect
            label="System"
            value={system}
            values={systems}
            onChange={setSystem}
          />
          <FilterSelect
            label="Owner"
            value={owner}
            values={owners}
            onChange={setOwner}
          />
          <FilterSelect
            label="Phase"
            value={phase}
            values={phases}
            onChange={setPhase}
          />
        </Flex>
        <Text role="status" variant="body-medium">
          {filtered.length} Deployments: {rollingOut.length} rolling out now,{' '}
          {stuck.length} stuck.
        </Text>
        <section aria-label="Stuck">
          {stuck.length > 0 ? (
            <RowsTable
              caption={`Stuck (${stuck.length}): stalled or failing`}
              rows={stuck}
            />
          ) : (
            <Text variant="body-medium">Nothing is stuck.</Text>
          )}
        </section>
        <section aria-label="Rolling out now">
          {rollingOut.length > 0 ? (
            <RowsTable
              caption={`Rolling out now (${rollingOut.length})`}
              rows={rollingOut}
            />
          ) : (
            <Text variant="body-medium">Nothing is rolling out right now.</Text>
          )}
        </section>
        <section aria-label="All Deployments">
          {filtered.length > 0 ? (
            <RowsTable
              caption={`All Deployments (${filtered.length})`}
              rows={filtered}
            />
          ) : (
            <EmptyState
              title="No Deployments match"
              description={
                rows.length > 0
                  ? 'Change the filters to see more.'
                  : 'No Deployment in any cluster matches the annotations of the services in the catalog.'
              }
            />
          )}
        </section>
      </Flex>
    );
  }

  return (
    <>
      {withHeader && <Header title="Rollouts" />}
      <Container>{body}</Container>
    </>
  );
}
