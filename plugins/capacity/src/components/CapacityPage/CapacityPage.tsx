import {
  Alert,
  Button,
  Container,
  Flex,
  Header,
  Select,
  Text,
} from '@backstage/ui';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CapacityTotal,
  NodeGroupCost,
  ServiceCapacity,
  ServicesCapacityResponse,
} from '@supply-chain/plugin-capacity-common';
import { DataTable, EntityLink, sortByValue } from '@supply-chain/portal-react';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { capacityApiRef } from '../../api';
import { formatMoney } from '../EntityCapacityContent/PlacementAndCost';
import { NodeGroupsSection } from './NodeGroupsSection';

/** How the page groups its services. */
export type CapacityGroupBy = 'owner' | 'system' | 'nodeGroup';
/** Which figure it sorts by (largest first). */
export type CapacitySortBy =
  | 'waste'
  | 'monthlyFromRequests'
  | 'monthlyFromUsage';

const GROUPS: Record<
  CapacityGroupBy,
  { label: string; one: string; none: string }
> = {
  owner: { label: 'Team', one: 'team', none: 'No owner' },
  system: { label: 'System', one: 'system', none: 'No system' },
  nodeGroup: {
    label: 'Node group',
    one: 'node group',
    none: 'Nodes without a node group label',
  },
};

const GROUP_OPTIONS = (Object.keys(GROUPS) as CapacityGroupBy[]).map(id => ({
  id,
  label: GROUPS[id].label,
}));

const SORT_OPTIONS: Array<{ id: CapacitySortBy; label: string }> = [
  { id: 'waste', label: 'Waste' },
  { id: 'monthlyFromRequests', label: 'Cost from requests' },
  { id: 'monthlyFromUsage', label: 'Cost from usage' },
];

type Figures = Pick<
  NodeGroupCost,
  'monthlyFromRequests' | 'monthlyFromUsage' | 'waste'
>;

/** `ml-team` for `group:default/ml-team`; the namespace when not default. */
function refName(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

function groupName(groupBy: CapacityGroupBy, key: string | undefined) {
  if (!key) return GROUPS[groupBy].none;
  return groupBy === 'nodeGroup' ? key : refName(key);
}

/** The serviced rows of one group, with the figures that count there. */
function membersOf(
  services: ServiceCapacity[],
  groupBy: CapacityGroupBy,
  key: string | undefined,
): Array<{ service: ServiceCapacity; figures: Figures }> {
  if (groupBy === 'nodeGroup') {
    return services.flatMap(service => {
      const share = service.byNodeGroup.find(g => g.nodeGroup === key);
      return share ? [{ service, figures: share }] : [];
    });
  }
  return services
    .filter(s => s[groupBy] === key)
    .map(service => ({ service, figures: service }));
}

/** The server's own words behind a failed request, when it sent any. */
function serverMessage(error: Error | undefined): string | undefined {
  return error instanceof ResponseError ? error.cause?.message : undefined;
}

function GroupSection(props: {
  groupBy: CapacityGroupBy;
  sortBy: CapacitySortBy;
  total: CapacityTotal;
  response: ServicesCapacityResponse;
}) {
  const { groupBy, sortBy, total, response } = props;
  const money = (value?: number) =>
    value === undefined
      ? 'not available'
      : formatMoney(value, response.currency);
  const name = groupName(groupBy, total.key);
  const { label } = GROUPS[groupBy];
  const members = sortByValue(
    membersOf(response.services, groupBy, total.key),
    m => m.figures[sortBy],
    true,
  );
  // the other grouping of each service, so a team's table names the systems
  const other: 'owner' | 'system' = groupBy === 'owner' ? 'system' : 'owner';
  return (
    <section
      aria-label={`${label} ${name}`}
      style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
    >
      <Text as="h2" variant="title-small">
        {label} {name}
      </Text>
      <Text variant="body-medium">
        {total.services} {total.services === 1 ? 'service' : 'services'}:{' '}
        {money(total.monthlyFromRequests)} a month from requests,{' '}
        {money(total.monthlyFromUsage)} from usage, {money(total.waste)} waste
      </Text>
      <DataTable
        caption={
          groupBy === 'nodeGroup'
            ? `Services on ${name}, their cost on it`
            : `Services of ${name}`
        }
        hideCaption
        columns={[
          'Service',
          GROUPS[other].label,
          'Node groups',
          'From requests',
          'From usage',
          'Waste',
          'VPA',
        ]}
        rows={members.map(({ service, figures }) => ({
          key: service.entityRef,
          header: true,
          cells: [
            <Flex direction="column" gap="1">
              <EntityLink
                entity={{
                  kind: service.kind,
                  namespace: service.namespace,
                  name: service.name,
                  title: service.title,
                }}
                tab="capacity"
              />
              {service.deployments.length === 0 && (
                <Text variant="body-small" color="secondary">
                  No Deployments found in the clusters
                </Text>
              )}
              {[...service.problems, ...service.missing].map(note => (
                <Text key={note} variant="body-small" color="warning">
                  {note}
                </Text>
              ))}
            </Flex>,
            service[other] ? refName(service[other]!) : '—',
            service.nodeGroups.length ? service.nodeGroups.join(', ') : '—',
            money(figures.monthlyFromRequests),
            money(figures.monthlyFromUsage),
            money(figures.waste),
            service.vpa.length ? (
              <Flex direction="column" gap="1">
                {service.vpa.map(v => (
                  <Text
                    key={`${v.cluster}/${v.namespace}/${v.deployment}/${v.container}`}
                    variant="body-small"
                  >
                    {v.summary}
                  </Text>
                ))}
              </Flex>
            ) : (
              'no VPA'
            ),
          ],
        }))}
      />
    </section>
  );
}

function Body(props: {
  response: ServicesCapacityResponse;
  groupBy: CapacityGroupBy;
  sortBy: CapacitySortBy;
}) {
  const { response, groupBy, sortBy } = props;
  const totals = useMemo(
    () =>
      sortByValue(response.totals[groupBy], t => t[sortBy], true).sort(
        // "none" stays last whatever its figures
        (a, b) => Number(!a.key) - Number(!b.key),
      ),
    [response, groupBy, sortBy],
  );
  const money = (value?: number) =>
    value === undefined
      ? 'not available'
      : formatMoney(value, response.currency);
  const { label, one } = GROUPS[groupBy];
  const degraded = response.clusters.filter(c => c.status === 'degraded');
  return (
    <Flex direction="column" gap="4">
      {degraded.map(cluster => (
        <Alert
          key={cluster.name}
          status="warning"
          icon
          role="alert"
          title={`Cluster ${cluster.name} could not be read completely`}
          description={`${
            cluster.error ?? 'The backend gave no reason'
          }. Figures of the services that run there may be missing or partial.`}
        />
      ))}
      {response.services.length === 0 ? (
        <Text role="status" variant="body-medium">
          No services to show: the catalog holds no Component or Resource with
          backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector
          that you may see.
        </Text>
      ) : (
        <>
          <DataTable
            caption={`Monthly cost per ${one}, ${
              SORT_OPTIONS.find(o => o.id === sortBy)!.label
            } first`}
            columns={[
              label,
              'Services',
              'From requests',
              'From usage',
              'Waste',
            ]}
            rows={totals.map(t => ({
              key: t.key ?? '',
              header: true,
              cells: [
                groupName(groupBy, t.key),
                String(t.services),
                money(t.monthlyFromRequests),
                money(t.monthlyFromUsage),
                money(t.waste),
              ],
            }))}
          />
          {totals.map(total => (
            <GroupSection
              key={total.key ?? ''}
              groupBy={groupBy}
              sortBy={sortBy}
              total={total}
              response={response}
            />
          ))}
        </>
      )}
    </Flex>
  );
}

/**
 * The "Capacity" page: every service the user may see, its monthly cost from
 * requests and from usage and its waste, grouped by team, system or node
 * group and sorted by waste or cost; each service links to its Capacity tab.
 * Above them the node groups' utilisation (requested and used as shares of
 * the allocatable) and price, from a request of its own.
 * One request per visit each (Retry reads again).
 */
export function CapacityPage(props: { withHeader?: boolean }) {
  const { withHeader = true } = props;
  const api = useApi(capacityApiRef);
  const [groupBy, setGroupBy] = useState<CapacityGroupBy>('owner');
  const [sortBy, setSortBy] = useState<CapacitySortBy>('waste');
  const result = useAsyncRetry(() => api.getServicesCapacity(), [api]);

  let body;
  if (result.loading) {
    body = (
      <Text role="status" variant="body-medium">
        Loading the capacity of every service…
      </Text>
    );
  } else if (result.error || !result.value) {
    const detail = serverMessage(result.error);
    body = (
      <Alert
        status="danger"
        icon
        role="alert"
        title={`Could not load the capacity of the services: ${
          result.error?.message ?? 'no answer'
        }`}
        description={detail ? `Server said: ${detail}` : undefined}
        customActions={
          <Button size="small" variant="secondary" onPress={result.retry}>
            Retry
          </Button>
        }
      />
    );
  } else {
    body = <Body response={result.value} groupBy={groupBy} sortBy={sortBy} />;
  }

  return (
    <>
      {withHeader && <Header title="Capacity" />}
      <Container>
        <Flex direction="column" gap="4">
          <Text variant="body-medium">
            What each service costs a month from its Kubernetes requests and
            from its usage (metrics.k8s.io), and its waste. Prices come from
            config (capacity.prices in app-config), not from a cloud bill; no
            prices are built in.
          </Text>
          {result.value && (
            <Flex direction="column" gap="1">
              <Text variant="body-small" color="secondary">
                {result.value.costBasis}
              </Text>
              <Text variant="body-small" color="secondary">
                {result.value.wasteBasis}
              </Text>
            </Flex>
          )}
          <NodeGroupsSection />
          <Flex gap="3">
            <Select
              label="Group by"
              value={groupBy}
              onChange={key => setGroupBy(String(key) as CapacityGroupBy)}
              options={GROUP_OPTIONS}
              style={{ minWidth: 160 }}
            />
            <Select
              label="Sort by"
              value={sortBy}
              onChange={key => setSortBy(String(key) as CapacitySortBy)}
              options={SORT_OPTIONS}
              style={{ minWidth: 200 }}
            />
          </Flex>
          {body}
        </Flex>
      </Container>
    </>
  );
}
