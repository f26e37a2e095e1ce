/*
 * `yarn workspace @supply-chain/plugin-service-boundaries-backend bench`:
 * "who owns …?" for 1,000 identifiers of every kind, answered by ONE batch
 * request, side by side with the same 1,000 identifiers asked one request
 * each, in the same run on the same backend (the organisation's catalog and
 * the sandbox's seed objects). Reports catalog calls and latency; timings
 * are printed, never asserted.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { serviceBoundariesPlugin } from '../src/plugin';
import { clusterFactsSourceServiceRef } from '@supply-chain/plugin-service-boundaries-node';
import {
  loadRealCatalog,
  loadSeedClusterFacts,
} from '@supply-chain/plugin-service-boundaries-common/testUtils';
// eslint-disable-next-line @backstage/no-undeclared-imports
import { percentile } from '@supply-chain/portal-common';

jest.setTimeout(600_000);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const IDENTIFIERS = 1000;
const KINDS = [
  'inventory-service',
  'component:default/payment-service',
  'cluster.local/ns/supply-chain/sa/order-service-sa',
  'your-registry/inventory-service:v1.2.3',
  'sandbox/supply-chain/deployment/shipping-service',
  'argocd:ml-prediction-service',
  'mlmodel:predictive-maintenance-v3',
  'namespace:supply-chain',
  'nothing-here',
];

const ms = (n: number) => `${n.toFixed(1)} ms`;

it('who-owns: one batch of 1,000 identifiers vs 1,000 single lookups', async () => {
  const catalog = catalogServiceMock({ entities: loadRealCatalog() });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const facts = loadSeedClusterFacts();
  const { server } = await startTestBackend({
    features: [
      serviceBoundariesPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      createServiceFactory({
        service: clusterFactsSourceServiceRef,
        deps: {},
        factory: () => ({ getClusterFacts: async () => facts }),
      }),
    ],
  });
  const identifiers = Array.from(
    { length: IDENTIFIERS },
    (_, i) => KINDS[i % KINDS.length],
  );

  const batch: number[] = [];
  getEntities.mockClear();
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const res = await request(server)
      .post('/api/service-boundaries/owners/batch')
      .send({ identifiers });
    batch.push(performance.now() - start);
    if (res.status !== 200 || res.body.answers.length !== IDENTIFIERS) {
      throw new Error(`batch lookup failed: HTTP ${res.status}`);
    }
  }
  const batchCatalogCalls = getEntities.mock.calls.length / ROUNDS;
  // the bound the issue asks for: one catalog query per batch, whatever its size
  expect(batchCatalogCalls).toBe(1);

  // The same 1,000 identifiers, one request each (timed per request and in all).
  const single: number[] = [];
  getEntities.mockClear();
  const singleStart = performance.now();
  for (const q of identifiers) {
    const start = performance.now();
    const res = await request(server)
      .get('/api/service-boundaries/owners')
      .query({ q });
    single.push(performance.now() - start);
    if (res.status !== 200) {
      throw new Error(`single lookup of ${q} failed: HTTP ${res.status}`);
    }
  }
  const singleTotal = performance.now() - singleStart;
  const singleCatalogCalls = getEntities.mock.calls.length;

  const rows = [
    ['', 'catalog calls', 'time for 1,000 ids', 'p50', 'p99'],
    [
      `1 batch request (${ROUNDS} rounds)`,
      String(batchCatalogCalls),
      ms(percentile(batch, 50)!),
      ms(percentile(batch, 50)!),
      ms(percentile(batch, 99)!),
    ],
    [
      `${IDENTIFIERS} single requests`,
      String(singleCatalogCalls),
      ms(singleTotal),
      `${ms(percentile(single, 50)!)} each`,
      `${ms(percentile(single, 99)!)} each`,
    ],
    [
      'ratio single / batch',
      `${(singleCatalogCalls / batchCatalogCalls).toFixed(0)}x`,
      `${(singleTotal / percentile(batch, 50)!).toFixed(1)}x`,
      '',
      '',
    ],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)));
  // eslint-disable-next-line no-console
  console.log(
    `\nwho-owns batch bench (${KINDS.length} identifier kinds, ${
      loadRealCatalog().length
    } catalog entities)\n${rows
      .map(r => r.map((cell, c) => cell.padEnd(widths[c])).join('  '))
      .join('\n')}\n`,
  );
});
