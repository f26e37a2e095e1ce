import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { useEntityArgoCd } from '../../hooks/useEntityArgoCd';
import { ArgoCdHistoryTable } from '../ArgoCdHistoryTable';
import { ArgoCdUnavailable } from '../ArgoCdProblems';

/** Deployment history of the entity's Argo CD applications, as a card. */
export function EntityArgoCdHistoryCard(props: { limit?: number }) {
  const { value, error, entityRef } = useEntityArgoCd();
  let body;
  if (error) body = <ArgoCdUnavailable error={error} />;
  else if (!value) body = <Text variant="body-medium">Loading…</Text>;
  else if (value.applications.length === 0) {
    body = (
      <Text variant="body-medium">
        No Argo CD application: {value.emptyReason}
      </Text>
    );
  } else {
    body = (
      <Flex direction="column" gap="3">
        {value.applications.map(app => (
          <Flex key={`${app.instance}/${app.name}`} direction="column" gap="1">
            <Text variant="title-x-small">
              {app.name} · {app.instance}
            </Text>
            <ArgoCdHistoryTable
              entityRef={entityRef}
              app={app}
              limit={props.limit ?? 5}
            />
          </Flex>
        ))}
      </Flex>
    );
  }
  return (
    <Card>
      <CardHeader>
        <Text variant="title-small">Argo CD history</Text>
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
