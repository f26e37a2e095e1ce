import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredDeployment, endpointFor, validate, verdict } from './model.ts';
import type { MLModel } from './model.ts';

const model = (spec: Partial<MLModel['spec']> = {}): MLModel => ({
  apiVersion: 'ml.supplychain.io/v1',
  kind: 'MLModel',
  metadata: {
    name: 'demand-forecasting-v2',
    namespace: 'supply-chain',
    uid: 'u1',
  },
  spec: {
    modelName: 'demand-forecasting',
    modelVersion: 'v2.1.0',
    framework: 'tensorflow',
    replicas: 3,
    resourceRequirements: { cpu: '1000m', memory: '2Gi', gpu: '1' },
    ...spec,
  },
});

test('endpoint follows the service naming', () => {
  assert.equal(
    endpointFor(model()),
    'http://demand-forecasting-v2.supply-chain.svc.cluster.local:8080/v1/models/demand-forecasting',
  );
});

test('validation names the rule', () => {
  assert.equal(validate(model()), undefined);
  assert.match(
    validate(model({ framework: 'xgboost' })) ?? '',
    /^FrameworkNotAllowed/,
  );
  assert.match(validate(model({ replicas: 11 })) ?? '', /^ReplicasOutOfRange/);
});

test('serving deployment carries replicas, gpu and owner', () => {
  const d = desiredDeployment(model());
  assert.equal(d.metadata?.name, 'demand-forecasting-v2-serving');
  assert.equal(d.spec?.replicas, 3);
  assert.equal(
    d.spec?.template.spec?.containers[0].resources?.limits?.['nvidia.com/gpu'],
    '1',
  );
  assert.equal(d.metadata?.ownerReferences?.[0].kind, 'MLModel');
});

test('verdict: pending, deploying, ready, failed', () => {
  const m = model();
  assert.equal(verdict(m, undefined, []).deploymentStatus, 'pending');
  const dep = desiredDeployment(m);
  dep.metadata!.generation = 1;
  dep.status = {
    observedGeneration: 1,
    replicas: 3,
    updatedReplicas: 3,
    availableReplicas: 1,
    conditions: [],
  };
  assert.equal(verdict(m, dep, []).deploymentStatus, 'deploying');
  dep.status = {
    observedGeneration: 1,
    replicas: 3,
    updatedReplicas: 3,
    availableReplicas: 3,
    conditions: [{ type: 'Available', status: 'True' }],
  };
  assert.equal(verdict(m, dep, []).deploymentStatus, 'ready');
  dep.status.availableReplicas = 2;
  const v = verdict(m, dep, [
    {
      metadata: { name: 'p1' },
      status: {
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/4 nodes are available',
          },
        ],
      },
    },
  ]);
  assert.equal(v.deploymentStatus, 'failed');
  assert.match(v.reason, /^Unschedulable: pod p1: 0\/4 nodes/);
  assert.equal(
    verdict(model({ framework: 'xgboost' }), dep, []).deploymentStatus,
    'failed',
  );
});

test('drift is judged by spec hash and replicas, not by quantity spelling', async () => {
  const { deploymentDrift } = await import('./model.ts');
  const want = desiredDeployment(model());
  const live = structuredClone(want);
  live.spec!.template.spec!.containers[0].resources!.requests!.cpu = '1';
  assert.equal(deploymentDrift(live, want), false);
  assert.equal(
    deploymentDrift(live, desiredDeployment(model({ replicas: 4 }))),
    true,
  );
  assert.equal(
    deploymentDrift(live, desiredDeployment(model({ modelVersion: 'v2.2.0' }))),
    true,
  );
});
