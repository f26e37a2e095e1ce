import {
  Alert,
  Button,
  Container,
  Flex,
  Header,
  Select,
  Text,
} from '@backstage/ui';
import { useApi } from '@backstage/core-plugin-api';
import {
  DeploymentMetrics,
  GroupMetrics,
  MetricsGroupBy,
  isNoDeploymentsObserved,
} from '@supply-chain/plugin-deployment-metrics-common';
import {
  DataTable,
  DataTableSort,
  sortByValue,
} from '@supply-chain/portal-react';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deploymentMetricsApiRef } from '../../api';
import { METRICS, MetricDefinition } from '../format';
import { MetricChart, SERIES } from '../MetricChart';
import { RolloutsTable } from '../RolloutsTable';
import { WINDOW_OPTIONS, lastDays } from '../windows';

const GROUP_LABELS: Record<MetricsGroupBy, { one: string; many: string }> = {
  service: { one: 'Service', many: 'services' },
  team: { one: 'Team', many: 'teams' },
  system: { one: 'System', many: 'systems' },
};

const GROUP_OPTIONS = [
  { id: 'service', label: 'Services' },
  { id: 'team', label: 'Teams' },
  { id: 'system', label: 'Systems' },
];

/** The value a group is ordered by in a column; none without deployments. */
function sortValue(
  g: GroupMetrics,
  column: string,
): number | string | undefined {
  if (column === 'group') return g.title ?? g.group;
  if (isNoDeploymentsObserved(g.metrics)) return undefined;
  return METRICS.find(m => m.key === column)!.value(g.metrics);
}

function DrillDown(props: {
  group: GroupMetrics;
  metric: MetricDefinition;
  window: { from: string; to: string };
}) {
  const api = useApi(deploymentMetricsApiRef);
  const { group, metric, window } = props;
  const rollouts = useAsyncRetry(
    () =>
      api.getRollouts({
        entityRef: group.group,
        outcome: metric.drillDown,
        window,
      }),
    [api, group.group, metric.drillDown, window.from, window.to],
  );
  const name = group.title ?? group.group;
  if (rollouts.loading) {
    return (
      <Text role="status">
        Loading the rollouts behind {metric.label} of {name}…
      </Text>
    );
  }
  if (rollouts.error || !rollouts.value) {
    return (
      <Alert
        status="danger"
        role="alert"
        title={`Could not load the rollouts behind ${metric.label} of ${name}: ${rollouts.error?.message}`}
      />
    );
  }
  return (
    <RolloutsTable
      caption={`Rollouts behind "${metric.label}" of ${name}`}
      rollouts={rollouts.value.rollouts}
    />
  );
}

/** The "Deployment metrics" page: services, teams or systems side by side. */
export function DeploymentMetricsPage(props: { withHeader?: boolean }) {
  const { withHeader = true } = props;
  const api = useApi(deploymentMetricsApiRef);
  const [groupBy, setGroupBy] = useState<MetricsGroupBy>('service');
  const [days, setDays] = useState('30');
  const [sort, setSort] = useState<DataTableSort>({
    column: 'group',
    descending: false,
  });
  const [selected, setSelected] = useState<string | undefined>();
  const [drill, setDrill] = useState<
    { group: GroupMetrics; metric: MetricDefinition } | undefined
  >();
  const window = useMemo(() => lastDays(Number(days)), [days]);
  const result = useAsyncRetry(
    () => api.getGroupMetrics(groupBy, window),
    [api, groupBy, window.from, window.to],
  );

  const groups = useMemo(
    () =>
      result.value
        ? sortByValue(
            result.value.groups,
            g => sortValue(g, sort.column),
            sort.descending,
          )
        : [],
    [result.value, sort],
  );
  const charted =
    groups.find(
      g => g.group === selected && !isNoDeploymentsObserved(g.metrics),
    ) ?? groups.find(g => !isNoDeploymentsObserved(g.metrics));

  let body;
  if (result.loading) {
    body = <Text role="status">Loading deployment metrics…</Text>;
  } else if (result.error || !result.value) {
    body = (
      <Alert
        status="danger"
        role="alert"
        title={`Could not load deployment metrics: ${
          result.error?.message ?? 'no answer'
        }`}
        customActions={
          <Button size="small" variant="secondary" onPress={result.retry}>
            Retry
          </Button>
        }
      />
    );
  } else if (groups.length === 0) {
    body = (
      <Text role="status">No {GROUP_LABELS[groupBy].many} in the catalog.</Text>
    );
  } else {
    body = (
      <Flex direction="column" gap="4">
        <DataTable
          caption={`Deployment metrics per ${groupBy}, ${WINDOW_OPTIONS.find(
            w => w.id === days,
          )?.label.toLowerCase()}`}
          columns={[
            { id: 'group', label: GROUP_LABELS[groupBy].one },
            ...METRICS.map(m => ({
              id: m.key,
              label: m.label,
              descendingFirst: true,
            })),
          ]}
          sort={sort}
          onSortChange={setSort}
          rows={groups.map(g => {
            const name = g.title ?? g.group;
            const metrics = g.metrics;
            return {
              key: g.group,
              header: true,
              cells: [
                <Button
                  size="small"
                  variant="tertiary"
                  aria-label={`Show the charts of ${name}`}
                  onPress={() => setSelected(g.group)}
                >
                  {name}
                </Button>,
                ...(isNoDeploymentsObserved(metrics)
                  ? [
                      <Text variant="body-small" color="secondary">
                        {metrics.message}
                      </Text>,
                    ]
                  : METRICS.map(m => (
                      <Button
                        size="small"
                        variant="tertiary"
                        aria-label={`${m.label} of ${name}: ${m.format(
                          m.value(metrics),
                        )}, show the rollouts behind it`}
                        onPress={() => setDrill({ group: g, metric: m })}
                      >
                        {m.format(m.value(metrics))}
                      </Button>
                    ))),
              ],
            };
          })}
        />
        {drill && (
          <DrillDown
            group={drill.group}
            metric={drill.metric}
            window={window}
          />
        )}
        {charted ? (
          <section aria-label={`Charts of ${charted.title ?? charted.group}`}>
            <Text as="h2" variant="title-small">
              {charted.title ?? charted.group} over time
            </Text>
            <div
              style={{
                display: 'grid',
                gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
                gap: 16,
              }}
            >
              {SERIES.map(s => (
                <MetricChart
                  key={s.key}
                  metrics={charted.metrics as DeploymentMetrics}
                  series={s}
                />
              ))}
            </div>
          </section>
        ) : (
          <Text role="status">
            No deployments observed since {result.value.observedSince}.
          </Text>
        )}
      </Flex>
    );
  }

  return (
    <>
      {withHeader && <Header title="Deployment metrics" />}
      <Container>
        <Flex direction="column" gap="4">
          <Text variant="body-medium">
            Measured from what the clusters and Argo CD did: each rollout and
            sync the portal observed.
          </Text>
          <Flex gap="3">
            <Select
              label="Compare"
              value={groupBy}
              onChange={key => {
                setGroupBy(String(key) as MetricsGroupBy);
                setDrill(undefined);
                setSelected(undefined);
              }}
              options={GROUP_OPTIONS}
              style={{ minWidth: 160 }}
            />
            <Select
              label="Window"
              value={days}
              onChange={key => {
                setDays(String(key));
                setDrill(undefined);
              }}
              options={WINDOW_OPTIONS}
              style={{ minWidth: 160 }}
            />
          </Flex>
          {body}
        </Flex>
      </Container>
    </>
  );
}
