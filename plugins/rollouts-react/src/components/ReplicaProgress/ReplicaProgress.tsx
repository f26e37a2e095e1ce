import { Flex, Text } from '@backstage/ui';

function Bar(props: {
  label: string;
  value: number;
  max: number;
  deploymentName: string;
}) {
  const { label, value, max, deploymentName } = props;
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  const complete = max > 0 && value >= max;
  return (
    <Flex direction="column" gap="1" style={{ minWidth: 140, flex: 1 }}>
      <Flex justify="between">
        <Text variant="body-small">{label}</Text>
        <Text variant="body-small" weight="bold">
          {value}/{max}
        </Text>
      </Flex>
      <div
        role="progressbar"
        aria-label={`${label} replicas of ${deploymentName}`}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(value, max)}
        aria-valuetext={`${value} of ${max} ${label.toLocaleLowerCase(
          'en-US',
        )}`}
        style={{
          height: 8,
          borderRadius: 4,
          background: 'var(--bui-bg-neutral-3)',
          overflow: 'hidden',
        }}
      >
        <div
          style={{
            width: `${percent}%`,
            height: '100%',
            background: complete
              ? 'var(--bui-positive-bg)'
              : 'var(--bui-announcement-bg)',
            transition: 'width 300ms ease',
          }}
        />
      </div>
    </Flex>
  );
}

/**
 * Updated, ready and available replicas of a Deployment against its desired count.
 *
 * @public
 */
export function ReplicaProgress(props: {
  deploymentName: string;
  desired: number;
  updated: number;
  ready: number;
  available: number;
}) {
  const { deploymentName, desired, updated, ready, available } = props;
  return (
    <Flex gap="4" style={{ flexWrap: 'wrap' }}>
      <Bar
        label="Updated"
        value={updated}
        max={desired}
        deploymentName={deploymentName}
      />
      <Bar
        label="Ready"
        value={ready}
        max={desired}
        deploymentName={deploymentName}
      />
      <Bar
        label="Available"
        value={available}
        max={desired}
        deploymentName={deploymentName}
      />
    </Flex>
  );
}
