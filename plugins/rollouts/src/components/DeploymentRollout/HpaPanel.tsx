import { Flex, Text } from '@backstage/ui';
import type {
  HpaMetricStatus,
  HpaStatus,
} from '@supply-chain/plugin-rollouts-common';
import { DataTable, StatusChip } from '@supply-chain/portal-react';

function MetricState(props: { metric: HpaMetricStatus }) {
  const { metric } = props;
  if (metric.current === undefined) {
    return <StatusChip tone="neutral">unknown</StatusChip>;
  }
  if (metric.aboveTarget) {
    return <StatusChip tone="warning">above target</StatusChip>;
  }
  return <StatusChip tone="success">at or below target</StatusChip>;
}

/** The HorizontalPodAutoscaler that owns the Deployment's replica count. */
export function HpaPanel(props: { hpa: HpaStatus }) {
  const { hpa } = props;
  return (
    <Flex direction="column" gap="2">
      <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
        <Text as="h4" variant="title-x-small">
          Autoscaler {hpa.name}
        </Text>
        {hpa.capped ? (
          <StatusChip tone="warning" title={hpa.cappedReason}>
            capped
          </StatusChip>
        ) : (
          <StatusChip tone="success">within limits</StatusChip>
        )}
      </Flex>
      <Text variant="body-medium">
        {hpa.current} current, {hpa.desired} desired replicas (min {hpa.min},
        max {hpa.max})
      </Text>
      {hpa.capped && hpa.cappedReason && (
        <Text variant="body-small" color="warning">
          {hpa.cappedReason}
        </Text>
      )}
      {hpa.metrics.length > 0 ? (
        <DataTable
          caption={`Metrics of ${hpa.name}`}
          hideCaption
          columns={['Metric', 'Type', 'Current', 'Target', 'State']}
          rows={hpa.metrics.map(metric => ({
            key: `${metric.type}/${metric.name}`,
            cells: [
              metric.name,
              metric.type,
              metric.current ?? 'not reported',
              metric.target,
              <MetricState key="state" metric={metric} />,
            ],
          }))}
        />
      ) : (
        <Text variant="body-small" color="secondary">
          The autoscaler has no metrics.
        </Text>
      )}
      {hpa.problems.map(problem => (
        <Text key={problem} variant="body-small" color="danger">
          {problem}
        </Text>
      ))}
    </Flex>
  );
}
