import { Alert, Button, Flex, Text } from '@backstage/ui';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/core-plugin-api';
import {
  formatAmount,
  formatShare,
  type ClusterNodeGroups,
  type NodeGroupUtilisation,
  type SizedResource,
} from '@supply-chain/plugin-capacity-common';
import { DataTable } from '@supply-chain/portal-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { capacityApiRef } from '../../api';
import { formatMoney } from '../EntityCapacityContent/PlacementAndCost';

const RESOURCES: Array<{ id: SizedResource; label: string }> = [
  { id: 'cpu', label: 'CPU' },
  { id: 'memory', label: 'Memory' },
];

/** `Nodes without a node group label` for the group of unlabelled nodes. */
export function nodeGroupLabel(group: NodeGroupUtilisation): string {
  return group.nodeGroup ?? 'Nodes without a node group label';
}

/** `35% (2.8 of 8)`, or why it is not measured. */
function shareCell(
  resource: SizedResource,
  amount: NodeGroupUtilisation['requested'],
  share: NodeGroupUtilisation['requestedShare'],
  allocatable: NodeGroupUtilisation['allocatable'],
): string {
  const value = amount?.[resource];
  const s = share?.[resource];
  const of = allocatable[resource];
  if (value === undefined || s === undefined || of === undefined)
    return 'not measured';
  return `${formatShare(s)} (${formatAmount(resource, value)} of ${formatAmount(
    resource,
    of,
  )})`;
}

/** The bars' picture in words, for screen readers and as its tooltip. */
export function describeUtilisation(group: NodeGroupUtilisation): string {
  const parts = RESOURCES.map(({ id, label }) => {
    const requested = group.requestedShare?.[id];
    const used = group.usedShare?.[id];
    return `${label} ${
      requested === undefined
        ? 'requested not measured'
        : `${formatShare(requested)} requested`
    }, ${
      used === undefined ? 'used not measured' : `${formatShare(used)} used`
    }`;
  });
  return `${nodeGroupLabel(group)} of its allocatable: ${parts.join('; ')}`;
}

const BAR_WIDTH = 160;
const ROW_HEIGHT = 16;
const LABEL_WIDTH = 36;

/**
 * Per resource a track from 0 to 100 % of the allocatable: a tall bar for the
 * requested share, a thin dark bar under it for the used share; a share over
 * 100 % is drawn to the edge (the words say how much). One image whose label
 * says the same in words.
 */
export function UtilisationBars(props: { group: NodeGroupUtilisation }) {
  const { group } = props;
  const label = describeUtilisation(group);
  const width = (share: number | undefined) =>
    Math.max(0, Math.min(1, share ?? 0)) * BAR_WIDTH;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH} ${ROW_HEIGHT * 2}`}
      width={LABEL_WIDTH + BAR_WIDTH}
      height={ROW_HEIGHT * 2}
    >
      <title>{label}</title>
      {RESOURCES.map(({ id, label: name }, i) => {
        const y = i * ROW_HEIGHT;
        const requested = group.requestedShare?.[id];
        const used = group.usedShare?.[id];
        return (
          <g key={id} data-resource={id}>
            <text x={0} y={y + 11} fontSize={10} fill="var(--bui-fg-secondary)">
              {id === 'cpu' ? name : 'Mem'}
            </text>
            <rect
              x={LABEL_WIDTH}
              y={y + 2}
              width={BAR_WIDTH}
              height={10}
              rx={2}
              fill="var(--bui-bg-neutral-2)"
            />
            {requested !== undefined && (
              <rect
                data-mark="requested"
                x={LABEL_WIDTH}
                y={y + 2}
                width={width(requested)}
                height={10}
                rx={2}
                fill="var(--bui-positive-bg-subdued)"
                stroke="var(--bui-positive-border)"
              />
            )}
            {used !== undefined && (
              <rect
                data-mark="used"
                x={LABEL_WIDTH}
                y={y + 9}
                width={width(used)}
                height={3}
                fill="var(--bui-fg-primary)"
              />
            )}
          </g>
        );
      })}
    </svg>
  );
}

function nodesCell(group: NodeGroupUtilisation): string {
  const n = group.nodes.length;
  const kinds = [...group.instanceTypes, ...group.capacityTypes];
  return `${n} ${n === 1 ? 'node' : 'nodes'}${
    kinds.length ? ` (${kinds.join(', ')})` : ''
  }`;
}

function ClusterNodeGroupsTable(props: {
  cluster: ClusterNodeGroups;
  currency: string;
}) {
  const { cluster, currency } = props;
  return (
    <Flex direction="column" gap="2">
      {cluster.status === 'degraded' && (
        <Alert
          status="warning"
          icon
          role="alert"
          title={`Node groups of cluster ${cluster.name} could not be read completely`}
          description={`${
            cluster.error ?? 'The backend gave no reason'
          }. Figures that need it show "not measured".`}
        />
      )}
      {cluster.nodeGroups.length === 0 ? (
        <Text variant="body-medium">
          No node groups to show for cluster {cluster.name}
          {cluster.status === 'ok' ? ': it has no nodes.' : '.'}
        </Text>
      ) : (
        <DataTable
          caption={`Node groups of cluster ${cluster.name}: requested and used as shares of the allocatable`}
          columns={[
            'Node group',
            'Nodes',
            'CPU requested',
            'CPU used',
            'Memory requested',
            'Memory used',
            'Picture',
            'Monthly price',
          ]}
          rows={cluster.nodeGroups.map(group => ({
            key: group.nodeGroup ?? '',
            header: true,
            cells: [
              <Flex direction="column" gap="1">
                <span>{nodeGroupLabel(group)}</span>
                {group.missing.map(note => (
                  <Text key={note} variant="body-small" color="warning">
                    {note}
                  </Text>
                ))}
              </Flex>,
              nodesCell(group),
              shareCell(
                'cpu',
                group.requested,
                group.requestedShare,
                group.allocatable,
              ),
              shareCell('cpu', group.used, group.usedShare, group.allocatable),
              shareCell(
                'memory',
                group.requested,
                group.requestedShare,
                group.allocatable,
              ),
              shareCell(
                'memory',
                group.used,
                group.usedShare,
                group.allocatable,
              ),
              <UtilisationBars group={group} />,
              group.monthlyPrice === undefined
                ? 'not available'
                : formatMoney(group.monthlyPrice, currency),
            ],
          }))}
        />
      )}
    </Flex>
  );
}

/**
 * The Capacity page's "Node groups" section: per cluster and node group what
 * the pods on its nodes request and what its nodes use (metrics.k8s.io), as
 * shares of the allocatable, and its monthly price. Its own request, so the
 * services' figures show when this one fails and the other way round.
 */
export function NodeGroupsSection() {
  const api = useApi(capacityApiRef);
  const result = useAsyncRetry(() => api.getNodeGroups(), [api]);

  let body;
  if (result.loading) {
    body = (
      <Text role="status" variant="body-medium">
        Loading the node groups…
      </Text>
    );
  } else if (result.error || !result.value) {
    const detail =
      result.error instanceof ResponseError
        ? result.error.cause?.message
        : undefined;
    body = (
      <Alert
        status="danger"
        icon
        role="alert"
        title={`Node-group utilisation is unavailable: ${
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
  } else if (result.value.clusters.length === 0) {
    body = (
      <Text variant="body-medium">
        No clusters are configured for the capacity backend.
      </Text>
    );
  } else {
    const { currency, clusters } = result.value;
    body = clusters.map(cluster => (
      <ClusterNodeGroupsTable
        key={cluster.name}
        cluster={cluster}
        currency={currency}
      />
    ));
  }

  return (
    <section
      aria-label="Node groups"
      style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
    >
      <Text as="h2" variant="title-small">
        Node groups
      </Text>
      <Text variant="body-medium">
        Utilisation per node group: what the pods on its nodes request and what
        its nodes use (metrics.k8s.io), each as a share of the nodes'
        allocatable, and what the group costs a month at the configured prices.
        In the picture the wide bar is requested, the thin dark bar under it
        used; the track is 100 % of the allocatable.
      </Text>
      {body}
    </section>
  );
}
