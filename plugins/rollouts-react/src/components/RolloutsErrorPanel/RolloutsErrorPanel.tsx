import { Alert, Button, Text } from '@backstage/ui';
import { describeRolloutsError } from '../../api';

/**
 * A failed request with the server's message and a retry button; never a blank card.
 *
 * @public
 */
export function RolloutsErrorPanel(props: {
  error: unknown;
  /** what was being done, e.g. "load rollouts of inventory-service" */
  doing: string;
  onRetry?: () => void;
}) {
  const { error, doing, onRetry } = props;
  const { title, detail } = describeRolloutsError(error, doing);
  return (
    <Alert
      status="danger"
      icon
      role="alert"
      title={title}
      description={
        detail ? <Text variant="body-small">Server said: {detail}</Text> : null
      }
      customActions={
        onRetry ? (
          <Button size="small" variant="secondary" onPress={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    />
  );
}
