import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADMIN_PASSWORD,
  FakeArgoCd,
  STATIC_TOKEN,
  makeApp,
  recordingLogger,
  startFakeArgoCd,
} from './testUtils';
import { ArgoCdInstanceConfig } from './ArgoCdConfig';
import {
  ArgoCdInstanceClient,
  ArgoCdInstanceError,
} from './ArgoCdInstanceClient';

function instance(
  url: string,
  credentials: ArgoCdInstanceConfig['credentials'],
): ArgoCdInstanceConfig {
  return {
    name: 'sandbox',
    url,
    frontendUrl: url,
    credentials,
    tls: { rejectUnauthorized: true },
  };
}
const admin = {
  type: 'password' as const,
  username: 'admin',
  password: ADMIN_PASSWORD,
};

async function closedPort(): Promise<number> {
  return new Promise(done => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as any;
      s.close(() => done(port));
    });
  });
}

describe('ArgoCdInstanceClient', () => {
  let fake: FakeArgoCd;
  beforeEach(async () => {
    fake = await startFakeArgoCd();
    fake.apps.set('order-service', makeApp('order-service'));
  });
  afterEach(() => fake.close());

  it('50 concurrent requests with username/password create 1 session', async () => {
    const client = ArgoCdInstanceClient.create({
      config: instance(fake.url, admin),
      logger: recordingLogger(),
      timeoutMs: 5000,
    });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        client.request<any>('GET', '/api/v1/applications', {
          query: { name: 'order-service' },
        }),
      ),
    );
    expect(answers.every(a => a.items.length === 1)).toBe(true);
    expect(fake.sessionsCreated).toBe(1);
    expect(client.sessionsCreated).toBe(1);
    expect(fake.count('GET', '/api/v1/applications')).toBe(50);
  });

  it('renews the session shortly before it expires', async () => {
    let now = Date.now();
    const client = ArgoCdInstanceClient.create({
      config: instance(fake.url, admin),
      logger: recordingLogger(),
      timeoutMs: 5000,
      now: () => now,
    });
    await client.request('GET', '/api/v1/applications');
    await client.request('GET', '/api/v1/applications');
    expect(fake.sessionsCreated).toBe(1);
    now += 3600_000 - 30_000; // within the renewal margin of the 1 h JWT
    await client.request('GET', '/api/v1/applications');
    expect(fake.sessionsCreated).toBe(2);
  });

  it('renews the session once when Argo CD answers 401, and the request succeeds', async () => {
    const client = ArgoCdInstanceClient.create({
      config: instance(fake.url, admin),
      logger: recordingLogger(),
      timeoutMs: 5000,
    });
    await client.request('GET', '/api/v1/applications');
    fake.tokens.clear(); // Argo CD restarted with a new signing key: sessions are invalid
    fake.tokens.add(STATIC_TOKEN);
    const list = await client.request<any>('GET', '/api/v1/applications');
    expect(list.items).toHaveLength(1);
    expect(fake.sessionsCreated).toBe(2);
  });

  it('wrong password: "rejected the credentials", never the password, in message and logs', async () => {
    const logger = recordingLogger();
    const client = ArgoCdInstanceClient.create({
      config: instance(fake.url, { ...admin, password: 'wrong-secret-pw' }),
      logger,
      timeoutMs: 5000,
    });
    const error: any = await client
      .request('GET', '/api/v1/applications')
      .catch((e: any) => e);
    expect(error).toBeInstanceOf(ArgoCdInstanceError);
    expect(error.reason).toBe('credentials-rejected');
    expect(error.message).toBe(
      'Argo CD instance "sandbox" rejected the credentials (HTTP 401); check argocd.appLocatorMethods for this instance',
    );
    expect(JSON.stringify(error)).not.toContain('wrong-secret-pw');
    expect(logger.lines.join('\n')).not.toContain('wrong-secret-pw');
  });

  it('a static token is sent as bearer and never creates a session', async () => {
    const client = ArgoCdInstanceClient.create({
      config: instance(fake.url, { type: 'token', token: STATIC_TOKEN }),
      logger: recordingLogger(),
      timeoutMs: 5000,
    });
    await client.request('GET', '/api/v1/applications');
    expect(fake.sessionsCreated).toBe(0);
    expect(fake.requests[0].auth).toBe(STATIC_TOKEN);
  });

  it('a rejected static token is reported as rejected credentials', async () => {
    const client = ArgoCdInstanceClient.create({
      config: instance(fake.url, { type: 'token', token: 'expired-token' }),
      logger: recordingLogger(),
      timeoutMs: 5000,
    });
    await expect(
      client.request('GET', '/api/v1/applications'),
    ).rejects.toMatchObject({
      reason: 'credentials-rejected',
      status: 401,
    });
  });

  it('nothing listening: unreachable, naming the instance and the address', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const client = ArgoCdInstanceClient.create({
      config: instance(url, { type: 'token', token: STATIC_TOKEN }),
      logger: recordingLogger(),
      timeoutMs: 5000,
    });
    const error: any = await client
      .request('GET', '/api/v1/applications')
      .catch((e: any) => e);
    expect(error.reason).toBe('unreachable');
    expect(error.message).toBe(
      `Argo CD instance "sandbox" is unreachable at ${url}: ECONNREFUSED`,
    );
  });

  it('a server that does not answer: timeout after the configured time', async () => {
    fake.options.hang = true;
    const client = ArgoCdInstanceClient.create({
      config: instance(fake.url, { type: 'token', token: STATIC_TOKEN }),
      logger: recordingLogger(),
      timeoutMs: 300,
    });
    const started = Date.now();
    const error: any = await client
      .request('GET', '/api/v1/applications')
      .catch((e: any) => e);
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe(
      'Argo CD instance "sandbox" did not answer within 0.3 s',
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("a 5xx answer is a bad response carrying Argo CD's message", async () => {
    const client = ArgoCdInstanceClient.create({
      config: instance(fake.url, { type: 'token', token: STATIC_TOKEN }),
      logger: recordingLogger(),
      timeoutMs: 5000,
    });
    const error: any = await client
      .request(
        'GET',
        `/api/v1/applications/order-service/revisions/${'f'.repeat(
          40,
        )}/metadata`,
      )
      .catch((e: any) => e);
    expect(error.reason).toBe('bad-response');
    expect(error.status).toBe(500);
    expect(error.message).toContain('unable to resolve git revision');
  });

  describe('TLS with a private CA', () => {
    let dir: string;
    let server: import('node:https').Server;
    let url: string;
    let ca: string;

    beforeAll(async () => {
      // a throw-away self-signed certificate for 127.0.0.1 (its own CA), made for this test only
      dir = mkdtempSync(join(tmpdir(), 'argocd-tls-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=argocd-test',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
      server = createHttpsServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: ca },
        (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"items":[]}');
        },
      );
      await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
      url = `https://127.0.0.1:${(server.address() as any).port}`;
    });
    afterAll(async () => {
      await new Promise(done => server.close(done));
      rmSync(dir, { recursive: true, force: true });
    });

    const tlsClient = (tls: ArgoCdInstanceConfig['tls']) =>
      ArgoCdInstanceClient.create({
        config: {
          ...instance(url, { type: 'token', token: STATIC_TOKEN }),
          tls,
        },
        logger: recordingLogger(),
        timeoutMs: 5000,
      });

    it('an unknown CA: unreachable, with a hint to set caData/caFile', async () => {
      const error: any = await tlsClient({ rejectUnauthorized: true })
        .request('GET', '/api/v1/applications')
        .catch((e: any) => e);
      expect(error.reason).toBe('unreachable');
      expect(error.message).toContain(
        '(TLS: set caData/caFile for a private CA)',
      );
    });

    it('caData trusts the private CA', async () => {
      const list = await tlsClient({
        ca,
        rejectUnauthorized: true,
      }).request<any>('GET', '/api/v1/applications');
      expect(list).toEqual({ items: [] });
    });

    it('skipTLSVerify accepts any certificate', async () => {
      const list = await tlsClient({ rejectUnauthorized: false }).request<any>(
        'GET',
        '/api/v1/applications',
      );
      expect(list).toEqual({ items: [] });
    });
  });
});
