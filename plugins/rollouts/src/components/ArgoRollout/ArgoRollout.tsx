import { Alert, Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import type {
  ArgoAnalysisRunView,
  ArgoRolloutView,
} from '@supply-chain/plugin-rollouts-common';
import {
  ArgoRolloutPhaseChip,
  ReplicaProgress,
} from '@supply-chain/plugin-rollouts-react';
import {
  DataTable,
  RelativeTime,
  StatusChip,
  type StatusTone,
} from '@supply-chain/portal-react';

const analysisTones: Record<string, StatusTone> = {
  Successful: 'success',
  Running: 'info',
  Pending: 'neutral',
  Inconclusive: 'warning',
  Failed: 'danger',
  Error: 'danger',
};

function AnalysisRun(props: { run: ArgoAnalysisRunView }) {
  const { run } = props;
  const id = `analysisrun-${run.name}`;
  return (
    <section aria-labelledby={id}>
      <Flex direction="column" gap="2">
        <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
          <Text as="h5" variant="body-medium" weight="bold" id={id}>
            AnalysisRun {run.name}
          </Text>
          <StatusChip
            tone={analysisTones[run.phase] ?? 'neutral'}
            label="Analysis"
          >
            {run.phase}
          </StatusChip>
          {run.revision !== undefined && (
            <Text variant="body-small" color="secondary">
              revision {run.revision}
            </Text>
          )}
        </Flex>
        <Text as="p" variant="body-small">
          {run.verdict}
        </Text>
        {run.metrics.length > 0 && (
          <DataTable
            caption={`Measurements of ${run.name}`}
            hideCaption
            columns={['Metric', 'Phase', 'Value', 'Measured']}
            rows={run.metrics.flatMap(m =>
              m.measurements.length
                ? m.measurements.map((x, i) => ({
                    key: `${m.name}-${i}`,
                    cells: [
                      m.name,
                      x.phase,
                      x.value ?? '—',
                      <RelativeTime
                        key="t"
                        iso={x.finishedAt ?? x.startedAt}
                        fallback="—"
                      />,
                    ],
                  }))
                : [
                    {
                      key: m.name,
                      cells: [m.name, m.phase, 'no measurement yet', '—'],
                    },
                  ],
            )}
          />
        )}
      </Flex>
    </section>
  );
}

/**
 * One Argo Rollout (argoproj.io/v1alpha1) in the words of `kubectl argo
 * rollouts get rollout`: status and message, steps, weights, revisions with
 * their pods, blue-green Services and analysis runs. Read-only.
 */
export function ArgoRollout(props: { rollout: ArgoRolloutView }) {
  const { rollout } = props;
  const headingId = `argo-rollout-${rollout.cluster}-${rollout.namespace}-${rollout.name}`;
  const strategy = rollout.strategy === 'canary' ? 'Canary' : 'BlueGreen';
  return (
    <Card>
      <CardHeader>
        <Flex align="center" gap="3" style={{ flexWrap: 'wrap' }}>
          <Text as="h3" variant="title-small" id={headingId}>
            {rollout.name}
          </Text>
          <ArgoRolloutPhaseChip phase={rollout.phase} title={rollout.message} />
          <Text variant="body-small" color="secondary">
            Argo Rollout · namespace {rollout.namespace} · strategy {strategy}
            {rollout.step ? ` · step ${rollout.step}` : ''}
          </Text>
        </Flex>
      </CardHeader>
      <CardBody>
        <section aria-labelledby={headingId}>
          <Flex direction="column" gap="4">
            <Text as="p" variant="body-medium">
              {rollout.summary}
            </Text>
            {rollout.message && (
              <Text variant="body-small" color="secondary">
                Message: {rollout.message}
              </Text>
            )}
            {rollout.abortedReason && (
              <Alert
                status="danger"
                icon
                title="Aborted: traffic and replicas are back on the stable revision"
                description={rollout.abortedReason}
              />
            )}
            {rollout.pausedReasons.length > 0 && (
              <Alert
                status="info"
                icon
                title="Paused"
                description={rollout.pausedReasons.join('; ')}
              />
            )}
            <ReplicaProgress
              deploymentName={rollout.name}
              desired={rollout.desiredReplicas}
              updated={rollout.updatedReplicas}
              ready={rollout.readyReplicas}
              available={rollout.availableReplicas}
            />
            {rollout.steps.length > 0 && (
              <Flex direction="column" gap="1">
                <Text as="h4" variant="title-x-small">
                  Steps{rollout.step ? ` (${rollout.step})` : ''}
                </Text>
                <ol
                  aria-label={`Steps of ${rollout.name}`}
                  start={0}
                  style={{ margin: 0 }}
                >
                  {rollout.steps.map(step => (
                    <li
                      key={step.index}
                      aria-current={
                        step.state === 'current' ? 'step' : undefined
                      }
                      style={{
                        fontWeight:
                          step.state === 'current' ? 'bold' : undefined,
                      }}
                    >
                      {step.state === 'done' ? '✔ ' : ''}
                      {step.state === 'current' ? '▶ ' : ''}
                      {step.text}
                      {step.state === 'current' ? ' (current)' : ''}
                    </li>
                  ))}
                </ol>
              </Flex>
            )}
            {rollout.weights && (
              <Text as="p" variant="body-small">
                Weights set by the controller: canary {rollout.weights.canary}%,
                stable {rollout.weights.stable}%
              </Text>
            )}
            {rollout.virtualServiceWeights &&
              rollout.virtualServiceWeights.length > 0 && (
                <DataTable
                  caption="VirtualService weights"
                  columns={['VirtualService', 'Route', 'Subset', 'Weight']}
                  rows={rollout.virtualServiceWeights.map((w, i) => ({
                    key: `${w.virtualService}-${w.route ?? ''}-${
                      w.subset
                    }-${i}`,
                    cells: [
                      w.virtualService,
                      w.route ?? '—',
                      w.subset,
                      `${w.weight}%`,
                    ],
                  }))}
                />
              )}
            {rollout.blueGreen && (
              <DataTable
                caption="Services"
                columns={['Service', 'Role', 'Selects pod hash', 'Revision']}
                rows={[
                  {
                    key: 'active',
                    cells: [
                      rollout.blueGreen.activeService ?? '—',
                      'active',
                      rollout.blueGreen.activeSelector ?? '—',
                      rollout.blueGreen.activeRevision ?? '—',
                    ],
                  },
                  {
                    key: 'preview',
                    cells: [
                      rollout.blueGreen.previewService ?? '—',
                      'preview',
                      rollout.blueGreen.previewSelector ?? '—',
                      rollout.blueGreen.previewRevision ?? '—',
                    ],
                  },
                ]}
              />
            )}
            {rollout.blueGreen && !rollout.blueGreen.autoPromotionEnabled && (
              <Text variant="body-small" color="secondary">
                autoPromotionEnabled is false: the preview revision becomes
                active only when promoted.
              </Text>
            )}
            <DataTable
              caption={`Revisions of ${rollout.name}`}
              columns={['Revision', 'Role', 'Pod hash', 'Images', 'Ready pods']}
              rows={rollout.revisions.map(r => ({
                key: r.replicaSet,
                cells: [
                  r.revision,
                  r.roles.join(', ') || '—',
                  r.podHash ?? '—',
                  r.images.join(', '),
                  `${r.readyReplicas}/${r.replicas}`,
                ],
              }))}
            />
            <Flex direction="column" gap="2">
              <Text as="h4" variant="title-x-small">
                Analysis runs
              </Text>
              {rollout.analysisRuns.length === 0 ? (
                <Text variant="body-small" color="secondary">
                  No AnalysisRun of this Rollout.
                </Text>
              ) : (
                rollout.analysisRuns.map(run => (
                  <AnalysisRun key={run.name} run={run} />
                ))
              )}
            </Flex>
          </Flex>
        </section>
      </CardBody>
    </Card>
  );
}
