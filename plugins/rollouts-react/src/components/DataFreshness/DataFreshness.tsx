import { useEffect, useState } from 'react';
import { Alert, Button, Flex, Text } from '@backstage/ui';
import { describeRolloutsError } from '../../api';
import { formatRelativeTime } from '@supply-chain/portal-react';

/**
 * Says whether the view is live and how old its data is; when the last refresh
 * failed, says so and that the data shown is stale.
 *
 * @public
 */
export function DataFreshness(props: {
  live: boolean;
  fetchedAt?: Date;
  refreshing?: boolean;
  /** the error of the last refresh, when data from an earlier one is shown */
  error?: unknown;
  /** what the refresh does, e.g. "refresh rollouts" */
  doing: string;
  onRefresh: () => void;
}) {
  const { live, fetchedAt, refreshing, error, doing, onRefresh } = props;
  // re-render every 10 s so "refreshed 20 seconds ago" keeps counting
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick(t => t + 1), 10_000);
    return () => clearInterval(timer);
  }, []);
  const age = fetchedAt
    ? formatRelativeTime(fetchedAt.toISOString())
    : undefined;
  const failed = error ? describeRolloutsError(error, doing) : undefined;
  return (
    <Flex direction="column" gap="2">
      <Flex align="center" gap="3" style={{ flexWrap: 'wrap' }}>
        <Text variant="body-small" color="secondary" role="status">
          {live
            ? 'Live: updates arrive as the clusters change.'
            : 'Live updates are unavailable: refreshing every 30 seconds.'}
          {age && ` Last refreshed ${age}.`}
          {refreshing && ' Refreshing…'}
        </Text>
        <Button
          size="small"
          variant="tertiary"
          onPress={onRefresh}
          isDisabled={refreshing}
        >
          Refresh
        </Button>
      </Flex>
      {failed && (
        <Alert
          status="warning"
          icon
          role="alert"
          title={`Data is stale: ${failed.title}`}
          description={`${
            failed.detail ? `Server said: ${failed.detail}. ` : ''
          }${age ? `Showing what was loaded ${age}.` : ''}`}
        />
      )}
    </Flex>
  );
}
