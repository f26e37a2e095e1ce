import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  loadTemplate,
  renderSkeleton,
  renderStepValue,
} from './__testUtils__/templateRendering';

// Needs Go on the machine and the Go module proxy (prometheus/client_golang):
// an integration test. It fails - it does not skip - when Go is missing.
jest.setTimeout(600_000);

const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise(r => setTimeout(r, 100));
    }
  }
}

describe('the generated Go service', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  const goEnv = {
    ...process.env,
    // readonly: the build fails if the skeleton's go.mod/go.sum are incomplete
    GOFLAGS: '-mod=readonly -buildvcs=false',
    CGO_ENABLED: '0',
  };

  beforeAll(() => {
    const template = loadTemplate('go-microservice');
    const steps = renderStepValue(template.spec.steps, {
      parameters: {
        name: 'returns-service',
        description: 'Handles customer returns and refunds of shipped orders',
        owner: 'group:default/fulfillment-team',
        system: 'system:default/order-fulfillment',
        responsibilities: ['Return authorisation'],
        dependencies: [],
        grpc: false,
        repoUrl: 'github.com?owner=supply-chain&repo=returns-service',
      },
      environment: { parameters: {} },
    });
    const fetchStep = steps.find((s: any) => s.id === 'fetch');
    dir = renderSkeleton(
      'go-microservice',
      fetchStep.input.values,
      fetchStep.input.copyWithoutTemplating,
    );
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('builds, passes go vet and its own tests', async () => {
    const { stdout: version } = await run('go', ['version']);
    expect(version).toMatch(/^go version go1\./);
    await run('go', ['build', './...'], { cwd: dir, env: goEnv });
    await run('go', ['vet', './...'], { cwd: dir, env: goEnv });
    const { stdout } = await run('go', ['test', './...'], {
      cwd: dir,
      env: goEnv,
    });
    expect(stdout).toMatch(
      /^ok\s+github\.com\/supply-chain\/returns-service\/internal\/server/m,
    );
  });

  it('starts, answers /health, /ready and /metrics, and shuts down gracefully on SIGTERM', async () => {
    const binary = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'go-service-bin-')),
      'service',
    );
    await run('go', ['build', '-o', binary, '.'], { cwd: dir, env: goEnv });
    const port = await freePort();
    const logs: string[] = [];
    child = spawn(binary, [], {
      env: { ...process.env, PORT: String(port), SERVICE_VERSION: 'v0.1.0' },
    });
    child.stdout!.on('data', d => logs.push(String(d)));
    const base = `http://127.0.0.1:${port}`;

    const health = await waitFor(`${base}/health`, 20_000);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/ready`)).status).toBe(200);

    const root = await fetch(`${base}/`, {
      headers: { 'X-Correlation-ID': 'it-42' },
    });
    expect(root.headers.get('x-correlation-id')).toBe('it-42');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain(
      'http_request_duration_seconds_count{endpoint="GET /",method="GET",status_code="200"} 1',
    );
    expect(metrics).toContain('database_connections_active 0');

    const exited = new Promise<number | null>(resolve =>
      child!.on('exit', code => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = logs
      .join('')
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines.map(l => l.msg)).toEqual(
      expect.arrayContaining(['listening', 'shutting down', 'stopped']),
    );
    expect(lines.find(l => l.msg === 'request')).toMatchObject({
      correlation_id: 'it-42',
      service: 'returns-service',
      status: 200,
    });
    child = undefined;
  });
});
