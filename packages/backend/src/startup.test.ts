import { spawn, ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Starts the real backend, with every plugin packages/backend/src/index.ts adds, as
 * `yarn start` would, and fails if it never becomes ready, a plugin fails to start,
 * or a promise is rejected without a handler.
 */

const STARTUP_FAILURE =
  /startup failed|failed to start|Unhandled ?rejection|Uncaught exception|is not a function/i;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? done(address.port)
          : fail(new Error('no port')),
      );
    });
  });
}

async function waitForReady(
  url: string,
  child: ChildProcess,
  output: () => string,
  ms: number,
) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    // `package start` keeps watching after the backend crashed: read its output too.
    if (/^\w*Error\b[^\n]*:|startup failed/m.test(output())) {
      throw new Error('backend failed while starting');
    }
    if (child.exitCode !== null) {
      throw new Error(
        `backend exited with code ${child.exitCode} before it was ready`,
      );
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`backend not ready within ${ms / 1000}s`);
}

describe('backend startup', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
  });

  it('starts every plugin and answers ready', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'backend-startup-'));
    const portConfig = join(dir, 'app-config.port.yaml');
    writeFileSync(
      portConfig,
      `backend:\n  baseUrl: http://localhost:${port}\n  listen:\n    host: 127.0.0.1\n    port: ${port}\n`,
    );
    const root = resolve(__dirname, '../../..');
    let output = '';
    child = spawn(
      'yarn',
      [
        'backstage-cli',
        'package',
        'start',
        '--config',
        join(root, 'app-config.yaml'),
        '--config',
        portConfig,
      ],
      {
        cwd: resolve(__dirname, '..'),
        detached: true,
        env: { ...process.env, NODE_ENV: 'development' },
      },
    );
    child.stdout!.on('data', chunk => (output += chunk));
    child.stderr!.on('data', chunk => (output += chunk));

    await waitForReady(
      `http://localhost:${port}/.backstage/health/v1/readiness`,
      child,
      () => output,
      240_000,
    ).catch(error => {
      throw new Error(
        `${error.message}\n--- backend output ---\n${output.slice(-4000)}`,
      );
    });
    // Let late plugin initialisation and catalog processing log their failures, if any.
    await new Promise(r => setTimeout(r, 5000));

    const failures = output
      .split('\n')
      .filter(line => STARTUP_FAILURE.test(line));
    expect(failures).toEqual([]);
    expect(output).toMatch(/Plugin initialization complete/i);
  }, 300_000);
});
