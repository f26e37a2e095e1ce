import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import {
  formatAmount,
  type ContainerSizing,
  type DeploymentSizing,
  type HpaHeadroom,
  type SizedResource,
  type SizingVerdict,
  type VpaSizing,
} from '@supply-chain/plugin-capacity-common';
import {
  DataTable,
  StatusChip,
  type StatusTone,
} from '@supply-chain/portal-react';
import {
  RESOURCE_LABELS,
  SizingScale,
  SizingScaleLegend,
} from '../SizingScale';
import { CostPanel, PlacementPanel } from './PlacementAndCost';

const RESOURCES: SizedResource[] = ['cpu', 'memory'];

/** Too much request wastes capacity; too little risks throttling or OOM kills. */
const VERDICT_TONES: Record<SizingVerdict, StatusTone> = {
  'within bounds': 'success',
  'over-provisioned': 'warning',
  'under-provisioned': 'danger',
  'no recommendation yet': 'neutral',
};

function amount(resource: SizedResource, value: number | undefined): string {
  return value === undefined ? 'not set' : formatAmount(resource, value);
}

function usageText(container: ContainerSizing, resource: SizedResource) {
  const usage = container.usage?.[resource];
  if (usage === undefined) return 'no metrics';
  const share = container.usageShareOfRequests?.[resource];
  return share === undefined
    ? formatAmount(resource, usage)
    : `${formatAmount(resource, usage)} (${Math.round(
        share * 100,
      )}% of requests)`;
}

function boundsText(container: ContainerSizing, resource: SizedResource) {
  const lower = container.recommendation?.lowerBound[resource];
  const upper = container.recommendation?.upperBound[resource];
  if (lower === undefined || upper === undefined) return 'none yet';
  return `${formatAmount(resource, lower)} – ${formatAmount(resource, upper)}`;
}

function ContainerSizingView(props: {
  deployment: string;
  container: ContainerSizing;
}) {
  const { deployment, container } = props;
  const pods = container.podUsage.length;
  return (
    <Flex direction="column" gap="2">
      <Text as="h4" variant="title-x-small">
        Container {container.name}
      </Text>
      <DataTable
        caption={`Sizing of container ${container.name} of ${deployment}`}
        hideCaption
        columns={[
          'Resource',
          'Requests',
          'Limits',
          'Usage',
          'VPA target',
          'VPA lower – upper bound',
          'Verdict',
        ]}
        rows={RESOURCES.map(resource => ({
          key: resource,
          header: true,
          cells: [
            RESOURCE_LABELS[resource],
            amount(resource, container.requests[resource]),
            amount(resource, container.limits[resource]),
            usageText(container, resource),
            container.recommendation?.target[resource] === undefined
              ? 'none yet'
              : formatAmount(
                  resource,
                  container.recommendation.target[resource]!,
                ),
            boundsText(container, resource),
            <StatusChip
              key="verdict"
              tone={VERDICT_TONES[container.verdicts[resource].verdict]}
              label={`${RESOURCE_LABELS[resource]} of ${container.name}`}
            >
              {container.verdicts[resource].verdict}
            </StatusChip>,
          ],
        }))}
      />
      {RESOURCES.map(resource => (
        <Flex key={resource} direction="column" gap="1">
          <Text variant="body-small">
            <strong>{RESOURCE_LABELS[resource]}:</strong>{' '}
            {container.verdicts[resource].message}
          </Text>
          <SizingScale
            resource={resource}
            values={{
              request: container.requests[resource],
              usage: container.usage?.[resource],
              target: container.recommendation?.target[resource],
              lowerBound: container.recommendation?.lowerBound[resource],
              upperBound: container.recommendation?.upperBound[resource],
            }}
          />
        </Flex>
      ))}
      <SizingScaleLegend />
      <Text variant="body-x-small" color="secondary">
        {pods > 0
          ? `Usage is the mean over ${pods} pod${
              pods === 1 ? '' : 's'
            } as metrics.k8s.io reports it.`
          : 'metrics.k8s.io reports no usage for this container.'}
      </Text>
    </Flex>
  );
}

function VpaPanel(props: { vpa?: VpaSizing }) {
  const { vpa } = props;
  if (!vpa) {
    return (
      <Text variant="body-medium" color="secondary">
        No VerticalPodAutoscaler sizes this Deployment, so there is no
        recommendation.
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="1">
      <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
        <Text as="h4" variant="title-x-small">
          VPA {vpa.name}
        </Text>
        <StatusChip tone="info" label="Update mode" symbol="⚙">
          {vpa.updateMode}
        </StatusChip>
      </Flex>
      <Text variant="body-medium">{vpa.updateModeMeaning}</Text>
    </Flex>
  );
}

function HpaPanel(props: { hpa?: HpaHeadroom }) {
  const { hpa } = props;
  if (!hpa) {
    return (
      <Text variant="body-medium" color="secondary">
        No HorizontalPodAutoscaler scales this Deployment.
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="1">
      <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
        <Text as="h4" variant="title-x-small">
          HPA {hpa.name}
        </Text>
        {hpa.capped ? (
          <StatusChip tone="warning" label="Headroom">
            capped
          </StatusChip>
        ) : (
          <StatusChip tone="success" label="Headroom">
            {`${hpa.headroom} more replica${hpa.headroom === 1 ? '' : 's'}`}
          </StatusChip>
        )}
      </Flex>
      <Text variant="body-medium" color={hpa.capped ? 'warning' : undefined}>
        {hpa.message}
      </Text>
      <Text variant="body-small" color="secondary">
        min {hpa.minReplicas}, max {hpa.maxReplicas} replicas
      </Text>
    </Flex>
  );
}

/** One Deployment: its autoscalers, placement and cost, then each container's sizing. */
export function DeploymentSizingCard(props: { deployment: DeploymentSizing }) {
  const { deployment } = props;
  const title = `Deployment ${deployment.namespace}/${deployment.name}`;
  return (
    <Card role="article" aria-label={title}>
      <CardHeader>
        <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
          <Text as="h3" variant="title-small">
            {title}
          </Text>
          <Text variant="body-small" color="secondary">
            {deployment.replicas} replica{deployment.replicas === 1 ? '' : 's'}
          </Text>
        </Flex>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="4">
          <VpaPanel vpa={deployment.vpa} />
          <HpaPanel hpa={deployment.hpa} />
          {/* absent from backends that predate placement and cost */}
          {deployment.placement && (
            <PlacementPanel
              deployment={deployment.name}
              placement={deployment.placement}
            />
          )}
          {deployment.cost && (
            <CostPanel deployment={deployment.name} cost={deployment.cost} />
          )}
          {deployment.containers.map(container => (
            <ContainerSizingView
              key={container.name}
              deployment={deployment.name}
              container={container}
            />
          ))}
        </Flex>
      </CardBody>
    </Card>
  );
}
