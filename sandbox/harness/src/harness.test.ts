// Integration test of the harness itself (needs the sandbox; starts it if
// it is not running, and stops it again only in that case).
//   node --experimental-strip-types --test sandbox/harness/src/harness.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { ensureSandbox } from './index.ts';

function get(
  url: string,
  token: string,
  ca?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const opts = { ca, headers: { authorization: `Bearer ${token}` } };
    const onRes = (res: http.IncomingMessage) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    };
    const req = url.startsWith('https:')
      ? https.get(url, opts, onRes)
      : http.get(url, opts, onRes);
    req.on('error', fail);
  });
}

test('ensureSandbox gives working, least-privilege credentials', async () => {
  const sb = await ensureSandbox();
  try {
    const ca = readFileSync(sb.caFile, 'utf8');
    const deps = await get(
      `${sb.server}/apis/apps/v1/namespaces/supply-chain/deployments`,
      sb.portalToken,
      ca,
    );
    assert.equal(deps.status, 200);
    const names = JSON.parse(deps.body).items.map(
      (d: { metadata: { name: string } }) => d.metadata.name,
    );
    for (const n of [
      'inventory-service',
      'order-service',
      'shipping-service',
      'ml-prediction-service',
    ])
      assert.ok(names.includes(n), n);
    const secrets = await get(
      `${sb.server}/api/v1/namespaces/supply-chain/secrets`,
      sb.portalToken,
      ca,
    );
    assert.equal(secrets.status, 403, 'the portal token must not read secrets');
    const apps = await get(
      `${sb.argocdServer}/api/v1/applications`,
      sb.argocdToken,
    );
    assert.equal(apps.status, 200);
    assert.equal(JSON.parse(apps.body).items.length >= 4, true);
  } finally {
    await sb.stop();
  }
});
