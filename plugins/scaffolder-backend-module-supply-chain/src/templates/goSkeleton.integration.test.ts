import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  loadTemplate,
  renderSkeleton,
  renderStepValue,
} from './__testUtils__/templateRendering';

// Needs Go on the machine and the Go module proxy (prometheus/client_golang,
// google.golang.org/grpc): an integration test. It fails - it does not skip -
// when Go is missing.
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

/** grpc.health.v1.HealthCheckResponse.ServingStatus */
const SERVING = 1;

/**
 * One grpc.health.v1.Health/Check call over plain HTTP/2 (gRPC's wire format
 * by hand: a 5-byte frame header, then the protobuf message).
 */
async function grpcHealthCheck(
  port: number,
  service: string,
  correlationId: string,
): Promise<{
  grpcStatus?: string;
  servingStatus?: number;
  correlationId?: string;
}> {
  const client = http2.connect(`http://127.0.0.1:${port}`);
  try {
    const name = Buffer.from(service);
    // HealthCheckRequest { string service = 1; }
    const message = name.length
      ? Buffer.concat([Buffer.from([0x0a, name.length]), name])
      : Buffer.alloc(0);
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    message.copy(frame, 5);
    const req = client.request({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Check',
      'content-type': 'application/grpc',
      te: 'trailers',
      'x-correlation-id': correlationId,
    });
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on('response', h => (headers = h));
    req.on('trailers', t => (trailers = t));
    req.on('data', (c: Buffer) => chunks.push(c));
    await new Promise<void>((resolve, reject) => {
      client.on('error', reject);
      req.on('end', resolve);
      req.on('error', reject);
      req.end(frame);
    });
    const body = Buffer.concat(chunks);
    let servingStatus: number | undefined;
    if (body.length >= 5) {
      // HealthCheckResponse { ServingStatus status = 1; } (0 is left out)
      const reply = body.subarray(5, 5 + body.readUInt32BE(1));
      servingStatus = reply.length >= 2 && reply[0] === 0x08 ? reply[1] : 0;
    }
    return {
      grpcStatus: String(trailers['grpc-status'] ?? headers['grpc-status']),
      servingStatus,
      correlationId: headers['x-correlation-id'] as string | undefined,
    };
  } finally {
    client.close();
  }
}

describe.each([
  ['without gRPC', false],
  ['with gRPC', true],
])('the generated Go service %s', (_title, grpc) => {
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
        grpc,
        grpcPort: 9191,
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

  it('has the gRPC server and its dependency only when asked for', () => {
    const goMod = fs.readFileSync(path.join(dir, 'go.mod'), 'utf8');
    const goSum = fs.readFileSync(path.join(dir, 'go.sum'), 'utf8');
    expect(fs.existsSync(path.join(dir, 'internal/grpcserver'))).toBe(grpc);
    expect(goMod.includes('google.golang.org/grpc ')).toBe(grpc);
    expect(goSum.includes('google.golang.org/grpc ')).toBe(grpc);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(
      grpc ? /^EXPOSE 9191$/m : /^EXPOSE 8080\nENTRYPOINT/m,
    );
  });

  it('builds, is gofmt-clean and tidy, passes go vet and its own tests', async () => {
    const { stdout: version } = await run('go', ['version']);
    expect(version).toMatch(/^go version go1\./);
    await run('go', ['build', './...'], { cwd: dir, env: goEnv });
    await run('go', ['vet', './...'], { cwd: dir, env: goEnv });
    const { stdout: unformatted } = await run('gofmt', ['-l', '.'], {
      cwd: dir,
    });
    expect(unformatted).toBe('');
    // go.mod and go.sum are exactly what `go mod tidy` makes of the code
    await run('go', ['mod', 'tidy', '-diff'], {
      cwd: dir,
      env: { ...goEnv, GOFLAGS: '-buildvcs=false' },
    });
    const { stdout } = await run('go', ['test', './...'], {
      cwd: dir,
      env: goEnv,
    });
    expect(stdout).toMatch(
      /^ok\s+github\.com\/supply-chain\/returns-service\/internal\/server/m,
    );
    expect(
      /^ok\s+github\.com\/supply-chain\/returns-service\/internal\/grpcserver/m.test(
        stdout,
      ),
    ).toBe(grpc);
  });

  it(`starts, answers /health, /ready and /metrics${
    grpc ? ' and the gRPC health check' : ''
  }, and shuts down gracefully on SIGTERM`, async () => {
    const binary = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'go-service-bin-')),
      'service',
    );
    await run('go', ['build', '-o', binary, '.'], { cwd: dir, env: goEnv });
    const port = await freePort();
    const grpcPort = await freePort();
    const logs: string[] = [];
    child = spawn(binary, [], {
      env: {
        ...process.env,
        PORT: String(port),
        GRPC_PORT: String(grpcPort),
        SERVICE_VERSION: 'v0.1.0',
      },
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

    // gRPC: the health service answers (with gRPC), or nothing listens (without)
    const answers: unknown[] = [];
    for (const service of ['', 'returns-service', 'no-such-service']) {
      const answer = await grpcHealthCheck(
        grpcPort,
        service,
        `grpc-it-${service}`,
      ).catch((e: Error) => (/ECONNREFUSED/.test(e.message) ? 'refused' : e));
      // an error answer is judged by its status alone
      answers.push(
        service === 'no-such-service' && typeof answer === 'object'
          ? { grpcStatus: (answer as { grpcStatus?: string }).grpcStatus }
          : answer,
      );
    }
    expect(answers).toEqual(
      grpc
        ? [
            {
              grpcStatus: '0',
              servingStatus: SERVING,
              correlationId: 'grpc-it-',
            },
            {
              grpcStatus: '0',
              servingStatus: SERVING,
              correlationId: 'grpc-it-returns-service',
            },
            // NOT_FOUND for a service this server does not have
            { grpcStatus: '5' },
          ]
        : ['refused', 'refused', 'refused'],
    );
    expect(
      (await (await fetch(`${base}/metrics`)).text()).includes(
        'grpc_request_duration_seconds_count{code="OK",method="/grpc.health.v1.Health/Check"} 2',
      ),
    ).toBe(grpc);

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
    expect(lines.some(l => l.msg === 'listening for gRPC')).toBe(grpc);
    expect(lines.find(l => l.msg === 'request')).toMatchObject({
      correlation_id: 'it-42',
      service: 'returns-service',
      status: 200,
    });
    child = undefined;
  });
});
