import { useState } from 'react';
import { Button, Flex, Text } from '@backstage/ui';
import type { MLModelStatus } from '@supply-chain/plugin-rollouts-common';
import {
  CopyButton,
  MLModelStatusChip,
} from '@supply-chain/plugin-rollouts-react';
import { RelativeTime, StatusChip } from '@supply-chain/portal-react';
import { MLModelDrawer } from './MLModelDrawer';

function describeResources(
  resources: MLModelStatus['spec']['resourceRequirements'],
) {
  if (!resources) {
    return 'not set';
  }
  const parts = [
    resources.cpu && `cpu ${resources.cpu}`,
    resources.memory && `memory ${resources.memory}`,
    resources.gpu && `gpu ${resources.gpu}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'not set';
}

function Field(props: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ display: 'contents' }}>
      <dt style={{ color: 'var(--bui-fg-secondary)' }}>{props.label}</dt>
      <dd style={{ margin: 0, wordBreak: 'break-all' }}>{props.children}</dd>
    </div>
  );
}

/** One MLModel: status, model and version, endpoint, replicas, resources. */
export function MLModelItem(props: {
  model: MLModelStatus;
  owner?: React.ReactNode;
  onOpen: () => void;
}) {
  const { model, owner, onOpen } = props;
  const { spec, status } = model;
  return (
    <li
      aria-label={`MLModel ${model.name}`}
      style={{
        listStyle: 'none',
        padding: 12,
        border: '1px solid var(--bui-border-1)',
        borderRadius: 8,
      }}
    >
      <Flex direction="column" gap="2">
        <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
          <Text as="h4" variant="title-x-small">
            {model.name}
          </Text>
          <MLModelStatusChip
            status={status.deploymentStatus}
            reason={status.reason}
          />
          {!model.valid && <StatusChip tone="warning">invalid</StatusChip>}
          {model.stale && (
            <StatusChip
              tone="neutral"
              symbol="⏱"
              title="The operator has not reported on this model for too long"
            >
              stale
            </StatusChip>
          )}
          <Button size="small" variant="tertiary" onPress={onOpen}>
            Details
          </Button>
        </Flex>
        {status.deploymentStatus === 'failed' && (
          <Text variant="body-small" color="danger">
            Failed: {status.reason ?? 'the operator gave no reason'}
          </Text>
        )}
        {!model.valid && (
          <ul
            aria-label={`Problems of ${model.name}`}
            style={{ margin: 0, paddingLeft: 20 }}
          >
            {model.problems.map(problem => (
              <li key={problem}>
                <Text variant="body-small" color="warning">
                  {problem}
                </Text>
              </li>
            ))}
          </ul>
        )}
        <dl
          style={{
            display: 'grid',
            gridTemplateColumns: 'max-content 1fr',
            gap: '2px 12px',
            margin: 0,
            fontSize: '0.875rem',
          }}
        >
          <Field label="Model">
            {spec.modelName ?? '—'}
            {spec.modelVersion ? ` ${spec.modelVersion}` : ''}
          </Field>
          <Field label="Framework">{spec.framework ?? '—'}</Field>
          <Field label="Endpoint">
            {status.endpoint ? (
              <>
                <code>{status.endpoint}</code>{' '}
                <CopyButton
                  text={status.endpoint}
                  label={`endpoint of ${model.name}`}
                />
              </>
            ) : (
              'none yet'
            )}
          </Field>
          <Field label="Replicas">{spec.replicas ?? '—'}</Field>
          <Field label="Resources">
            {describeResources(spec.resourceRequirements)}
          </Field>
          <Field label="Last updated">
            <RelativeTime iso={status.lastUpdated} fallback="never" />
          </Field>
          <Field label="Cluster">
            {model.cluster} / {model.namespace}
          </Field>
          {owner && <Field label="Owner">{owner}</Field>}
        </dl>
      </Flex>
    </li>
  );
}

/** A list of MLModels, each opening its full object in a drawer. */
export function MLModelList(props: {
  models: MLModelStatus[];
  ownerOf?: (model: MLModelStatus) => React.ReactNode;
}) {
  const { models, ownerOf } = props;
  const [open, setOpen] = useState<MLModelStatus>();
  return (
    <>
      <ul
        style={{
          margin: 0,
          padding: 0,
          display: 'flex',
          flexDirection: 'column',
          gap: 8,
        }}
      >
        {models.map(model => (
          <MLModelItem
            key={`${model.cluster}/${model.namespace}/${model.name}`}
            model={model}
            owner={ownerOf?.(model)}
            onOpen={() => setOpen(model)}
          />
        ))}
      </ul>
      <MLModelDrawer model={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
