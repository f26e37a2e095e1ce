/*
 * `yarn workspace @supply-chain/plugin-argocd-backend bench` (needs the sandbox):
 * the entity endpoint + history of this plugin (cached session, bounded and
 * cached metadata) side by side with a session-per-request client that fans
 * out one metadata call per history entry (what Roadie's backend does), in
 * the same run against the same real Argo CD. Reports Argo CD requests per
 * portal request and latency; timings are printed, never asserted.
 */
import { ConfigReader } from '@backstage/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../__fixtures__/argoCdSwagger';
import { recordingLogger } from '@supply-chain/plugin-argocd-node/testUtils';
import { DefaultArgoCdInstances } from '@supply-chain/plugin-argocd-node';
import { ArgoCdApplications } from '../services/ArgoCdApplications';
import { percentile } from '@supply-chain/portal-common';

jest.setTimeout(600_000);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const APP = 'order-service';

describe('bench: Argo CD sessions and metadata fan-out', () => {
  it('cached session + bounded cached metadata vs session per request', async () => {
    const stateDir = process.env.SANDBOX_STATE ?? join(repoRoot(), '.sandbox');
    const env = readFileSync(join(stateDir, 'env.sh'), 'utf8');
    const server =
      process.env.ARGOCD_SERVER ?? /^export ARGOCD_SERVER=(.*)$/m.exec(env)![1];
    const password = readFileSync(
      join(stateDir, 'argocd', 'admin-password'),
      'utf8',
    ).trim();

    // 1. this plugin
    let sent = 0;
    const logger = recordingLogger();
    const instances = DefaultArgoCdInstances.fromConfig({
      logger,
      config: new ConfigReader({
        argocd: {
          appLocatorMethods: [
            {
              type: 'config',
              instances: [
                { name: 'sandbox', url: server, username: 'admin', password },
              ],
            },
          ],
        },
      }),
      fetch: (url, init) => {
        sent += 1;
        return fetch(url, init);
      },
    });
    const service = new ArgoCdApplications(instances, logger);
    const annotations = {
      appNames: [APP],
      instanceNames: [],
      projectNames: [],
    };
    const portalRequest = async () => {
      const found = await service.findApplications(annotations);
      await Promise.all(found.applications.map(a => service.summarize(a)));
      await service.history(found.applications[0], 10);
    };
    await portalRequest(); // warm: session created, metadata cached
    const ours: number[] = [];
    sent = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      await portalRequest();
      ours.push(performance.now() - t);
    }
    const oursRequests = sent / ROUNDS;

    // 2. session per request, one metadata call per history entry, no cache
    let naiveSent = 0;
    const call = async (path: string, init: RequestInit = {}) => {
      naiveSent += 1;
      const r = await fetch(`${server}${path}`, init);
      return r.json();
    };
    const naive: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      const { token } = await call('/api/v1/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      const headers = { authorization: `Bearer ${token}` };
      const list = await call(`/api/v1/applications?name=${APP}`, { headers });
      const app = list.items[0];
      await Promise.all(
        [
          app.status.sync.revision,
          ...app.status.history.map((h: any) => h.revision),
        ].map((rev: string) =>
          call(`/api/v1/applications/${APP}/revisions/${rev}/metadata`, {
            headers,
          }),
        ),
      );
      naive.push(performance.now() - t);
    }
    const naiveRequests = naiveSent / ROUNDS;

    const row = (name: string, requests: number, ms: number[]) =>
      `${name.padEnd(48)} ${requests.toFixed(1).padStart(8)} ${percentile(
        ms,
        50,
      )!
        .toFixed(1)
        .padStart(9)} ${percentile(ms, 95)!.toFixed(1).padStart(9)}`;
    process.stdout.write(
      [
        '',
        `Argo CD bench, ${ROUNDS} portal requests each (entity applications + summary + 10 history entries of ${APP})`,
        `${'client'.padEnd(48)} ${'requests'.padStart(8)} ${'p50 ms'.padStart(
          9,
        )} ${'p95 ms'.padStart(9)}`,
        row(
          'argocd-backend (warm session + metadata cache)',
          oursRequests,
          ours,
        ),
        row('session per request, metadata fan-out', naiveRequests, naive),
        `ratio: ${(naiveRequests / oursRequests).toFixed(
          1,
        )}x fewer Argo CD requests, p50 ${(
          percentile(naive, 50)! / percentile(ours, 50)!
        ).toFixed(1)}x faster`,
        `sessions created by argocd-backend: ${
          instances.client('sandbox')!.sessionsCreated
        }`,
        '',
      ].join('\n'),
    );
    expect(ours).toHaveLength(ROUNDS);
    expect(naive).toHaveLength(ROUNDS);
  });
});
