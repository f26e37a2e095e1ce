/*
 * Test helpers shared by the backend's integration tests and load bench: a
 * throwaway PostgreSQL cluster from Debian's package, on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort(): Promise<number> {
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

function postgresBinDir(): string {
  const find = () => {
    const base = '/usr/lib/postgresql';
    if (!existsSync(base)) return undefined;
    const versions = readdirSync(base)
      .filter(v => existsSync(join(base, v, 'bin/pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    return versions.length ? join(base, versions[0], 'bin') : undefined;
  };
  let dir = find();
  if (!dir) {
    // Debian's package, as the issue asks; the service it ships is not used.
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { env, stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', 'postgresql'], {
      env,
      stdio: 'ignore',
    });
    dir = find();
  }
  if (!dir) throw new Error('PostgreSQL is not installed and apt-get failed');
  return dir;
}

/** A PostgreSQL cluster in a temp folder on 127.0.0.1, as user postgres when run as root. */
export class TestPostgres {
  readonly user = 'backstage';
  readonly password = randomBytes(12).toString('hex');
  port = 0;
  private dir = '';
  private bin = '';

  private run(command: string, args: string[]) {
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(this.bin, command), ...args]]
      : [join(this.bin, command), args];
    return execFileSync(file, argv, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  }

  async start() {
    this.bin = postgresBinDir();
    this.port = await freePort();
    this.dir = mkdtempSync(join(tmpdir(), 'backend-production-pg-'));
    const pwfile = join(this.dir, 'pwfile');
    writeFileSync(pwfile, `${this.password}\n`);
    mkdirSync(join(this.dir, 'data'));
    mkdirSync(join(this.dir, 'socket'));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
      for (const path of ['', 'pwfile', 'data', 'socket']) {
        chownSync(join(this.dir, path), uid, gid);
      }
    }
    chmodSync(join(this.dir, 'data'), 0o700);
    this.run('initdb', [
      '-D',
      join(this.dir, 'data'),
      '-U',
      this.user,
      '--auth-host=scram-sha-256',
      '--auth-local=peer',
      `--pwfile=${pwfile}`,
    ]);
    rmSync(pwfile);
    this.run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'postgres.log'),
      '-o',
      `-p ${this.port} -k ${join(
        this.dir,
        'socket',
      )} -c listen_addresses=127.0.0.1`,
      '-w',
      'start',
    ]);
  }

  stop() {
    if (!this.dir) return;
    try {
      this.run('pg_ctl', [
        '-D',
        join(this.dir, 'data'),
        '-m',
        'fast',
        '-w',
        'stop',
      ]);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
      this.dir = '';
    }
  }

  /** Every knex migration lock table that is held or has no lock row (knex then reports MigrationLocked forever). */
  async locks(): Promise<string> {
    const held: string[] = [];
    const databases = await this.query(
      'postgres',
      'SELECT datname FROM pg_database WHERE NOT datistemplate',
    );
    for (const { datname } of databases) {
      const tables = await this.query(
        datname,
        "SELECT tablename FROM pg_tables WHERE tablename LIKE '%knex_migrations_lock'",
      );
      for (const { tablename } of tables) {
        const rows = await this.query(
          datname,
          `SELECT is_locked FROM "${tablename}"`,
        );
        if (rows.length !== 1 || rows[0].is_locked) {
          held.push(
            `${datname}.${tablename}: ${rows.length} rows, ${
              rows.filter(row => row.is_locked).length
            } locked`,
          );
        }
      }
    }
    return held.join(', ') || 'none';
  }

  async query(database: string, sql: string): Promise<any[]> {
    // pg is a dependency of the backend (its PostgreSQL client).
    const { Client } = require('pg');
    const client = new Client({
      host: '127.0.0.1',
      port: this.port,
      user: this.user,
      password: this.password,
      database,
    });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
}
