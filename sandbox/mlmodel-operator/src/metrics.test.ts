import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_LOAD,
  parseLoadTable,
  parseQuantity,
  podMetrics,
  replicaCounts,
  requestsMetric,
} from './metrics.ts';

const pod = {
  metadata: {
    name: 'inv-1',
    namespace: 'supply-chain',
    labels: { app: 'inventory-service' },
  },
  spec: {
    nodeName: 'n1',
    containers: [
      {
        name: 'inventory-service',
        resources: { requests: { cpu: '250m', memory: '256Mi' } },
      },
    ],
  },
  status: { phase: 'Running' },
};

test('quantities', () => {
  assert.equal(parseQuantity('250m', 'cpu'), 250);
  assert.equal(parseQuantity('2', 'cpu'), 2000);
  assert.equal(parseQuantity('256Mi', 'memory'), 256 * 2 ** 20);
  assert.equal(parseQuantity('1G', 'memory'), 1e9);
});

test('load table with defaults', () => {
  const t = parseLoadTable({ 'inventory-service': 'cpu=95, rps=180' });
  assert.deepEqual(t.get('inventory-service'), {
    cpuPercent: 95,
    memoryPercent: DEFAULT_LOAD.memoryPercent,
    requestsPerSecond: 180,
  });
});

test('the total load of an app is split across its running pods', () => {
  const t = parseLoadTable({
    'inventory-service': 'cpu=160,memory=100,rps=240',
  });
  const one = podMetrics(pod, t, new Date(0));
  assert.deepEqual(one.containers[0].usage, {
    cpu: '400m',
    memory: `${256 * 1024}Ki`,
  });
  const pods = [pod, { ...pod, metadata: { ...pod.metadata, name: 'inv-2' } }];
  const counts = replicaCounts(pods);
  assert.deepEqual(
    podMetrics(pod, t, new Date(0), counts).containers[0].usage,
    { cpu: '200m', memory: `${128 * 1024}Ki` },
  );
  assert.equal(
    requestsMetric(pod, t, new Date(0), 'http_requests_per_second', counts)
      .value,
    '120000m',
  );
});
