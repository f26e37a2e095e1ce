import { Flex, Text } from '@backstage/ui';
import type {
  DeploymentCost,
  DeploymentPlacement,
  NodeGroupPlacement,
  PlacementVerdict,
  PodCost,
} from '@supply-chain/plugin-capacity-common';
import {
  DataTable,
  StatusChip,
  type StatusTone,
} from '@supply-chain/portal-react';

const PLACEMENT_TONES: Record<PlacementVerdict, StatusTone> = {
  'as intended': 'success',
  misplaced: 'danger',
  unknown: 'neutral',
};

/** The backend's words for nodes without the node group label. */
const NO_GROUP = 'nodes without a node group label';

const list = (values: string[]) => (values.length ? values.join(', ') : '—');

function nodeGroupName(group: NodeGroupPlacement) {
  return group.nodeGroup ?? NO_GROUP;
}

/**
 * `$12.34` (node-hour prices keep up to 4 decimals: `$0.136`); a currency
 * code Intl does not know is written after the number.
 */
export function formatMoney(
  value: number,
  currency: string,
  maximumFractionDigits = 2,
): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits,
    }).format(value);
  } catch {
    return `${Number(value.toFixed(maximumFractionDigits))} ${currency}`;
  }
}

const percent = (share: number) => `${Math.round(share * 100)}% of its node`;

/** Which node groups the pods run on and the backend's verdict on it. */
export function PlacementPanel(props: {
  deployment: string;
  placement: DeploymentPlacement;
}) {
  const { deployment, placement } = props;
  return (
    <section aria-label={`Placement of ${deployment}`}>
      <Flex direction="column" gap="1">
        <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
          <Text as="h4" variant="title-x-small">
            Placement
          </Text>
          <StatusChip
            tone={PLACEMENT_TONES[placement.verdict]}
            label="Placement"
          >
            {placement.verdict}
          </StatusChip>
        </Flex>
        <Text
          variant="body-medium"
          color={placement.verdict === 'misplaced' ? 'danger' : undefined}
        >
          {placement.message}
        </Text>
        {placement.findings.length > 0 && (
          <ul aria-label={`Placement problems of ${deployment}`}>
            {placement.findings.map(finding => (
              <li key={finding}>
                <Text variant="body-medium">{finding}</Text>
              </li>
            ))}
          </ul>
        )}
        {placement.nodeGroups.length > 0 && (
          <DataTable
            caption={`Node groups of ${deployment}`}
            hideCaption
            columns={[
              'Node group',
              'Instance type',
              'Capacity type',
              'Nodes',
              'Pods',
            ]}
            rows={placement.nodeGroups.map(group => ({
              key: nodeGroupName(group),
              header: true,
              cells: [
                nodeGroupName(group),
                list(group.instanceTypes),
                list(group.capacityTypes),
                list(group.nodes),
                list(group.pods),
              ],
            }))}
          />
        )}
        {placement.unscheduledPods.length > 0 && (
          <Text variant="body-small" color="secondary">
            Not on a node yet: {placement.unscheduledPods.join(', ')}
          </Text>
        )}
      </Flex>
    </section>
  );
}

function podCostRow(pod: PodCost, currency: string) {
  const node = pod.nodeGroup
    ? `${pod.node} (node group ${pod.nodeGroup})`
    : pod.node;
  if (pod.missing) {
    return { key: pod.pod, header: true, cells: [pod.pod, node, pod.missing] };
  }
  const monthly = (value?: number, share?: number, none = 'not computed') =>
    value === undefined || share === undefined
      ? none
      : `${formatMoney(value, currency)} (${percent(share)})`;
  return {
    key: pod.pod,
    header: true,
    cells: [
      pod.pod,
      node,
      `${formatMoney(pod.nodeHourlyPrice!, currency, 4)} per node-hour (${
        pod.priceSource
      })`,
      monthly(pod.monthlyFromRequests, pod.requestShare),
      monthly(pod.monthlyFromUsage, pod.usageShare, 'no metrics'),
    ],
  };
}

/** The monthly cost from requests and from usage, how it is computed, and what is left out. */
export function CostPanel(props: { deployment: string; cost: DeploymentCost }) {
  const { deployment, cost } = props;
  const total = (value?: number) =>
    value === undefined
      ? 'not available'
      : `${formatMoney(value, cost.currency)} a month`;
  return (
    <section aria-label={`Monthly cost of ${deployment}`}>
      <Flex direction="column" gap="1">
        <Text as="h4" variant="title-x-small">
          Monthly cost
        </Text>
        <Text variant="body-medium">
          <strong>From requests:</strong> {total(cost.monthlyFromRequests)}
        </Text>
        <Text variant="body-medium">
          <strong>From usage:</strong> {total(cost.monthlyFromUsage)}
        </Text>
        {cost.missing.length > 0 && (
          <Flex direction="column" gap="1">
            <Text variant="body-medium" color="warning">
              Left out of the cost:
            </Text>
            <ul aria-label={`Left out of the cost of ${deployment}`}>
              {cost.missing.map(reason => (
                <li key={reason}>
                  <Text variant="body-medium">{reason}</Text>
                </li>
              ))}
            </ul>
          </Flex>
        )}
        {cost.pods.length > 0 && (
          <DataTable
            caption={`Cost per pod of ${deployment}`}
            hideCaption
            columns={[
              'Pod',
              'Node',
              'Node price',
              'From requests',
              'From usage',
            ]}
            rows={cost.pods.map(pod => podCostRow(pod, cost.currency))}
          />
        )}
        <Text variant="body-small" color="secondary">
          {cost.costBasis}
        </Text>
        <Text variant="body-small" color="secondary">
          Prices come from config (capacity.prices), not from a cloud bill; no
          prices are built in.
        </Text>
      </Flex>
    </section>
  );
}
