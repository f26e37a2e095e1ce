import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Select,
  Text,
} from '@backstage/ui';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isNoDeploymentsObserved } from '@supply-chain/plugin-deployment-metrics-common';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deploymentMetricsApiRef } from '../../api';
import { METRICS, MetricDefinition, trend } from '../format';
import { RolloutsTable } from '../RolloutsTable';
import { WINDOW_OPTIONS, lastDays } from '../windows';

function DrillDown(props: {
  entityRef: string;
  metric: MetricDefinition;
  window: { from: string; to: string };
}) {
  const api = useApi(deploymentMetricsApiRef);
  const { entityRef, metric, window } = props;
  const rollouts = useAsyncRetry(
    () => api.getRollouts({ entityRef, outcome: metric.drillDown, window }),
    [api, entityRef, metric.drillDown, window.from, window.to],
  );
  if (rollouts.loading) {
    return (
      <Text role="status">Loading the rollouts behind {metric.label}…</Text>
    );
  }
  if (rollouts.error || !rollouts.value) {
    return (
      <Alert
        status="danger"
        role="alert"
        title={`Could not load the rollouts behind ${metric.label}: ${rollouts.error?.message}`}
      />
    );
  }
  return (
    <RolloutsTable
      caption={`Rollouts behind "${metric.label}"`}
      rollouts={rollouts.value.rollouts}
    />
  );
}

/** The "Deployment metrics" card of an entity page: this window against the previous one. */
export function EntityDeploymentMetricsCard() {
  const { entity } = useEntity();
  const api = useApi(deploymentMetricsApiRef);
  const [days, setDays] = useState('30');
  const [drill, setDrill] = useState<MetricDefinition | undefined>();
  const window = useMemo(() => lastDays(Number(days)), [days]);
  const entityRef = stringifyEntityRef(entity);
  const name = entity.metadata.title ?? entity.metadata.name;
  const metrics = useAsyncRetry(
    () => api.getEntityMetrics(getCompoundEntityRef(entity), window),
    [api, entityRef, window.from, window.to],
  );

  let body;
  if (metrics.loading) {
    body = <Text role="status">Loading deployment metrics of {name}…</Text>;
  } else if (metrics.error || !metrics.value) {
    body = (
      <Alert
        status="danger"
        role="alert"
        title={`Could not load the deployment metrics of ${name}: ${
          metrics.error?.message ?? 'no answer'
        }`}
        customActions={
          <Button size="small" variant="secondary" onPress={metrics.retry}>
            Retry
          </Button>
        }
      />
    );
  } else if (isNoDeploymentsObserved(metrics.value.current)) {
    body = (
      <Text role="status" variant="body-medium">
        {metrics.value.current.message}
      </Text>
    );
  } else {
    const { current, previous } = metrics.value;
    body = (
      <Flex direction="column" gap="3">
        <dl
          style={{
            display: 'grid',
            gridTemplateColumns: 'auto auto 1fr',
            gap: '6px 12px',
            margin: 0,
          }}
        >
          {METRICS.map(metric => {
            const t = trend(metric, current, previous);
            return (
              <div key={metric.key} style={{ display: 'contents' }}>
                <dt>
                  <Text variant="body-medium">{metric.label}</Text>
                </dt>
                <dd style={{ margin: 0 }}>
                  <Button
                    size="small"
                    variant="tertiary"
                    aria-label={`${metric.label}: ${metric.format(
                      metric.value(current),
                    )}, show the rollouts behind it`}
                    onPress={() => setDrill(metric)}
                  >
                    {metric.format(metric.value(current))}
                  </Button>
                </dd>
                <dd style={{ margin: 0 }}>
                  <Text variant="body-small" color="secondary">
                    {t.arrow && <span aria-hidden="true">{t.arrow} </span>}
                    {t.text}
                  </Text>
                </dd>
              </div>
            );
          })}
        </dl>
        <Text variant="body-small" color="secondary">
          {current.deployments} deployments, {current.failures} failed,{' '}
          {current.syncs} Argo CD syncs ({current.failedSyncs} failed)
          {current.clockSkewed
            ? `; ${current.clockSkewed} durations clamped for clock skew`
            : ''}
          .
        </Text>
        {drill && (
          <DrillDown entityRef={entityRef} metric={drill} window={window} />
        )}
      </Flex>
    );
  }

  return (
    <Card>
      <CardHeader>
        <Flex justify="between" align="center">
          <Text as="h2" variant="title-small">
            Deployment metrics
          </Text>
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
      </CardHeader>
      <CardBody>{body}</CardBody>
    </Card>
  );
}
