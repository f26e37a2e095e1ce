/*
 * The real backend (`backstage-cli package start`) as a child process in its
 * own process group, for integration tests and the load bench.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const BACKEND_DIR = resolve(__dirname, '../..');

export class BackendProcess {
  child?: ChildProcess;
  output = '';
  constructor(readonly name: string, readonly port: number) {}

  configFiles: string[] = [];

  start(configFiles: string[]) {
    this.configFiles = configFiles;
    this.child = spawn(
      'yarn',
      [
        'backstage-cli',
        'package',
        'start',
        ...configFiles.flatMap(file => ['--config', file]),
      ],
      {
        cwd: BACKEND_DIR,
        detached: true,
        env: { ...process.env, NODE_ENV: 'development' },
      },
    );
    this.child.stdout!.on('data', chunk => (this.output += chunk));
    this.child.stderr!.on('data', chunk => (this.output += chunk));
  }

  url(path: string) {
    // 127.0.0.1, not localhost: the backend binds IPv4 loopback only
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async waitUntilReady(ms: number) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (
        /startup failed|threw an error during startup|EADDRINUSE/i.test(
          this.output,
        )
      ) {
        throw new Error(`${this.name}: backend startup failed`);
      }
      if (this.child?.exitCode !== null || this.child?.signalCode !== null) {
        throw new Error(
          `${this.name}: exited with code ${this.child?.exitCode} before it was ready`,
        );
      }
      try {
        const response = await fetch(
          this.url('/.backstage/health/v1/readiness'),
        );
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise(r => setTimeout(r, 1000));
    }
    throw new Error(
      `${this.name}: not ready within ${
        ms / 1000
      }s; last output:\n${this.output.slice(-3000)}`,
    );
  }

  async stop() {
    const child = this.child;
    // exitCode stays null when a signal ended it
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise(r => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }, 15_000);
    await exited;
    clearTimeout(timer);
  }
}
