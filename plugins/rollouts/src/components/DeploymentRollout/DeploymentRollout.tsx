import { Alert, Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import {
  type CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { DeploymentRollout as DeploymentRolloutData } from '@supply-chain/plugin-rollouts-common';
import {
  ReplicaProgress,
  RolloutPhaseChip,
} from '@supply-chain/plugin-rollouts-react';
import { RolloutActions } from '../RolloutActions';
import { describeStrategy } from './describeRollout';
import { HpaPanel } from './HpaPanel';
import { PodsByRevision } from './PodsByRevision';
import { RevisionsTable } from './RevisionsTable';
import { TrafficSplit } from './TrafficSplit';

/** Everything about one Deployment's rollout in one cluster. */
export function DeploymentRollout(props: {
  entity: CompoundEntityRef;
  deployment: DeploymentRolloutData;
  onActionDone?: () => void;
}) {
  const { entity, deployment, onActionDone } = props;
  const { ownership } = deployment;
  // the backend refuses actions in the name of any other entity; without the
  // field (catalog unreachable) the buttons stay and the backend decides
  const writesHere =
    !ownership || ownership.writers.includes(stringifyEntityRef(entity));
  const headingId = `rollout-${deployment.cluster}-${deployment.namespace}-${deployment.name}`;
  return (
    <Card>
      <CardHeader>
        <Flex align="center" gap="3" style={{ flexWrap: 'wrap' }}>
          <Text as="h3" variant="title-small" id={headingId}>
            {deployment.name}
          </Text>
          <RolloutPhaseChip
            phase={deployment.phase}
            title={deployment.phaseMessage}
          />
          <Text variant="body-small" color="secondary">
            namespace {deployment.namespace} · revision {deployment.revision} ·
            strategy {describeStrategy(deployment.strategy)}
          </Text>
        </Flex>
      </CardHeader>
      <CardBody>
        <section aria-labelledby={headingId}>
          <Flex direction="column" gap="4">
            <Text as="p" variant="body-medium">
              {deployment.phaseMessage}
            </Text>
            <ReplicaProgress
              deploymentName={deployment.name}
              desired={deployment.desiredReplicas}
              updated={deployment.updatedReplicas}
              ready={deployment.readyReplicas}
              available={deployment.availableReplicas}
            />
            <Text variant="body-small" color="secondary">
              {deployment.totalReplicas} pods in total across revisions,{' '}
              {deployment.unavailableReplicas} unavailable.
            </Text>
            {ownership && !writesHere && (
              <Alert
                status={ownership.contested ? 'warning' : 'info'}
                icon
                title={
                  ownership.contested
                    ? 'Claimed by more than one entity: portal actions are blocked'
                    : 'Portal actions on this Deployment belong to another entity'
                }
                description={ownership.reason}
              />
            )}
            {writesHere && (
              <RolloutActions
                entity={entity}
                deployment={deployment}
                onActionDone={onActionDone}
              />
            )}
            <RevisionsTable deployment={deployment} />
            <Flex direction="column" gap="2">
              <Text as="h4" variant="title-x-small">
                Pods by revision
              </Text>
              <PodsByRevision deployment={deployment} />
            </Flex>
            {deployment.hpa ? (
              <HpaPanel hpa={deployment.hpa} />
            ) : (
              <Text variant="body-small" color="secondary">
                No autoscaler: {deployment.desiredReplicas} replicas are set in
                the Deployment.
              </Text>
            )}
            {deployment.trafficSplit && deployment.trafficSplit.length > 0 && (
              <TrafficSplit
                split={deployment.trafficSplit}
                virtualService={deployment.virtualService}
              />
            )}
          </Flex>
        </section>
      </CardBody>
    </Card>
  );
}
