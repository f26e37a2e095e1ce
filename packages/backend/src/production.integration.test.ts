import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Production readiness (issue 9):
 * (a) the production overlay in deploy/kustomize renders with the sandbox's kubectl and
 *     passes a server-side dry-run against the sandbox apiserver; its ClusterRole is
 *     least privilege;
 * (b) two backend processes share one real PostgreSQL (Debian's package, started here)
 *     and both serve the catalog.
 *
 * Needs the sandbox's environment (`source .sandbox/env.sh`): KUBECONFIG and the
 * sandbox's kubectl on PATH. Fails, never skips, when they are missing.
 */

const ROOT = resolve(__dirname, '../../..');
const BACKEND_DIR = resolve(__dirname, '..');
const OVERLAY = join(ROOT, 'deploy/kustomize/overlays/production');

type Rule = { apiGroups?: string[]; resources?: string[]; verbs?: string[] };
type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: any;
};

function sandboxKubectl(args: string[]): string {
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig || !existsSync(kubeconfig)) {
    throw new Error(
      `KUBECONFIG is ${
        kubeconfig ? `"${kubeconfig}", which does not exist` : 'not set'
      }: start the sandbox and run "source .sandbox/env.sh" first`,
    );
  }
  try {
    return execFileSync('kubectl', args, {
      encoding: 'utf8',
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  } catch (error: any) {
    throw new Error(
      `kubectl ${args.join(' ')} failed: ${error.message}\n${
        error.stderr ?? ''
      }`,
    );
  }
}

/** "group/resource verb" triples a rule list grants. */
function grants(rules: Rule[]): Set<string> {
  const result = new Set<string>();
  for (const rule of rules) {
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        for (const verb of rule.verbs ?? []) {
          result.add(`${group || 'core'}/${resource} ${verb}`);
        }
      }
    }
  }
  return result;
}

describe('production deployment manifests', () => {
  let objects: K8sObject[];

  beforeAll(() => {
    const rendered = sandboxKubectl(['kustomize', OVERLAY]);
    objects = parseAllDocuments(rendered).map(d => d.toJS() as K8sObject);
  }, 120_000);

  it('pass a server-side dry-run against the sandbox apiserver', () => {
    const output = sandboxKubectl(['apply', '--dry-run=server', '-k', OVERLAY]);
    const applied = output
      .split('\n')
      .filter(line => line.endsWith('(server dry run)'))
      .map(line => line.split(' ')[0].replace(/-[a-z0-9]{10}$/, ''));
    expect(applied.sort()).toEqual(
      [
        'clusterrole.rbac.authorization.k8s.io/backstage-portal',
        'clusterrolebinding.rbac.authorization.k8s.io/backstage-portal',
        'configmap/backstage-app-config',
        'configmap/backstage-env',
        'deployment.apps/backstage',
        'horizontalpodautoscaler.autoscaling/backstage',
        'namespace/backstage',
        'poddisruptionbudget.policy/backstage',
        'service/backstage',
        'serviceaccount/backstage-portal',
      ].sort(),
    );
  });

  it('for a first install on an empty database: one replica, no HPA, and pass a server-side dry-run', () => {
    const firstInstall = join(ROOT, 'deploy/kustomize/overlays/first-install');
    const rendered = parseAllDocuments(
      sandboxKubectl(['kustomize', firstInstall]),
    ).map(d => d.toJS() as K8sObject);
    expect(rendered.find(o => o.kind === 'Deployment')!.spec.replicas).toBe(1);
    expect(rendered.map(o => o.kind)).not.toContain('HorizontalPodAutoscaler');
    const output = sandboxKubectl([
      'apply',
      '--dry-run=server',
      '-k',
      firstInstall,
    ]);
    expect(
      output.split('\n').filter(line => line.endsWith('(server dry run)')),
    ).toHaveLength(9);
  });

  it('run 3+ replicas that roll without losing capacity and read secrets from backstage-secrets', () => {
    const deployment = objects.find(o => o.kind === 'Deployment')!;
    expect(deployment.metadata.namespace).toBe('backstage');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({
      maxSurge: 1,
      maxUnavailable: 0,
    });
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('backstage-portal');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const [container] = pod.containers;
    expect(container.image).toMatch(/:[\w.-]+$/);
    expect(container.image).not.toMatch(/:latest$/);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.readinessProbe.httpGet.path).toBe(
      '/.backstage/health/v1/readiness',
    );
    expect(container.livenessProbe.httpGet.path).toBe(
      '/.backstage/health/v1/liveness',
    );
    const fromSecret = container.env
      .filter(
        (e: any) => e.valueFrom?.secretKeyRef?.name === 'backstage-secrets',
      )
      .map((e: any) => e.name)
      .sort();
    expect(fromSecret).toEqual([
      'ARGOCD_AUTH_TOKEN',
      'AUTH_GITHUB_CLIENT_SECRET',
      'BACKEND_SECRET',
      'POSTGRES_PASSWORD',
    ]);
    // No secret value in a ConfigMap.
    for (const configMap of objects.filter(o => o.kind === 'ConfigMap')) {
      expect(Object.keys(configMap.data ?? {})).not.toEqual(
        expect.arrayContaining([
          'POSTGRES_PASSWORD',
          'BACKEND_SECRET',
          'AUTH_GITHUB_CLIENT_SECRET',
          'ARGOCD_AUTH_TOKEN',
        ]),
      );
    }
    const hpa = objects.find(o => o.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const pdb = objects.find(o => o.kind === 'PodDisruptionBudget')!;
    expect(pdb.spec.minAvailable).toBe(1);
  });

  it('give the portal a least-privilege ClusterRole consistent with the sandbox', () => {
    const role = objects.find(o => o.kind === 'ClusterRole')!;
    const rules: Rule[] = role.rules;
    for (const rule of rules) {
      expect(rule.verbs).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.apiGroups).not.toContain('*');
      expect(
        (rule.resources ?? []).filter(r => r.split('/')[0] === 'secrets'),
      ).toEqual([]);
      for (const verb of [
        'delete',
        'deletecollection',
        'escalate',
        'bind',
        'impersonate',
      ]) {
        expect(rule.verbs).not.toContain(verb);
      }
    }
    const granted = grants(rules);
    const read = ['get', 'list', 'watch'];
    const required: [string, string[]][] = [
      ['core/pods', read],
      ['core/services', read],
      ['core/configmaps', read],
      ['core/namespaces', read],
      ['core/limitranges', read],
      ['core/resourcequotas', read],
      ['core/pods/log', read],
      ['apps/deployments', [...read, 'patch', 'update']],
      ['apps/deployments/scale', ['patch', 'update']],
      ['apps/replicasets', read],
      ['apps/daemonsets', read],
      ['apps/statefulsets', read],
      ['autoscaling/horizontalpodautoscalers', read],
      ['batch/jobs', read],
      ['batch/cronjobs', read],
      ['networking.k8s.io/ingresses', read],
      ['ml.supplychain.io/mlmodels', [...read, 'create']],
      ['networking.istio.io/virtualservices', read],
      ['networking.istio.io/destinationrules', read],
      ['security.istio.io/authorizationpolicies', read],
      ['security.istio.io/peerauthentications', read],
    ];
    const missing = required.flatMap(([resource, verbs]) =>
      verbs
        .map(verb => `${resource} ${verb}`)
        .filter(grant => !granted.has(grant)),
    );
    expect(missing).toEqual([]);

    // Whatever production grants, the sandbox's portal identity (which the plugins are
    // tested with) grants too.
    const sandboxRole = parseAllDocuments(
      readFileSync(
        join(ROOT, 'sandbox/manifests/base/30-portal-rbac.yaml'),
        'utf8',
      ),
    )
      .map(d => d.toJS() as K8sObject)
      .find(o => o.kind === 'ClusterRole')!;
    const sandboxGrants = grants(sandboxRole.rules);
    expect([...granted].filter(g => !sandboxGrants.has(g))).toEqual([]);

    const binding = objects.find(o => o.kind === 'ClusterRoleBinding')!;
    expect(binding.roleRef.name).toBe(role.metadata.name);
    expect(binding.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: 'backstage-portal',
        namespace: 'backstage',
      },
    ]);
  });
});

// ---------------------------------------------------------------------------
// (b) two backend replicas on one PostgreSQL

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
class TestPostgres {
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

class BackendProcess {
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
    return `http://localhost:${this.port}${path}`;
  }

  async waitUntilReady(ms: number) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (/startup failed/i.test(this.output)) {
        throw new Error(`${this.name}: backend startup failed`);
      }
      if (this.child?.exitCode !== null) {
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
    throw new Error(`${this.name}: not ready within ${ms / 1000}s`);
  }

  async stop() {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) return;
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

describe('two backend replicas on one PostgreSQL', () => {
  const postgres = new TestPostgres();
  const replicas: BackendProcess[] = [];
  let configDir = '';

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.stop()));
    postgres.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  }, 60_000);

  it('both become ready and serve the catalog from the same database', async () => {
    await postgres.start();
    configDir = mkdtempSync(join(tmpdir(), 'backend-production-config-'));
    const backendSecret = randomBytes(24).toString('base64');
    const ports = [await freePort(), await freePort()];
    for (const [index, port] of ports.entries()) {
      const file = join(configDir, `app-config.replica-${index}.yaml`);
      writeFileSync(
        file,
        [
          'backend:',
          `  baseUrl: http://localhost:${port}`,
          '  listen:',
          `    port: ${port}`,
          '  auth:',
          '    keys:',
          `      - secret: ${JSON.stringify(backendSecret)}`,
          '  database:',
          '    client: pg',
          '    connection:',
          '      host: 127.0.0.1',
          `      port: ${postgres.port}`,
          `      user: ${postgres.user}`,
          `      password: ${JSON.stringify(postgres.password)}`,
          'auth:',
          '  providers:',
          '    guest:',
          '      userEntityRef: user:default/aisha.bello',
          '      dangerouslyAllowOutsideDevelopment: true',
          '',
        ].join('\n'),
      );
      const replica = new BackendProcess(`replica-${index}`, port);
      replica.configFiles = [join(ROOT, 'app-config.yaml'), file];
      replicas.push(replica);
    }

    // Replica 0 first, on the empty database; then replica 1 while replica 0 serves, as
    // in a rolling update (maxSurge 1) or an HPA scale-out. (Two first starts at the
    // same moment race in the plugins' knex migrations: deploy/README.md.)
    for (const replica of replicas) {
      replica.start(replica.configFiles);
      await replica.waitUntilReady(360_000).catch(async error => {
        const locks = await postgres.locks().catch(e => `(${e.message})`);
        throw new Error(
          `${error.message}\nmigration locks: ${locks}\n${replicas
            .map(r => `--- ${r.name} output ---\n${r.output.slice(-3000)}`)
            .join('\n')}`,
        );
      });
    }
    for (const replica of replicas) {
      expect({
        replica: replica.name,
        failures: replica.output
          .split('\n')
          .filter(line => /startup failed|Unhandled rejection/i.test(line)),
      }).toEqual({ replica: replica.name, failures: [] });
    }

    // A guest token from one replica is accepted by the other (shared keys in PostgreSQL).
    const refresh = await fetch(
      replicas[0].url('/api/auth/guest/refresh?env=development'),
      { headers: { 'x-requested-with': 'XMLHttpRequest' } },
    );
    expect(refresh.status).toBe(200);
    const token = (await refresh.json()).backstageIdentity.token as string;
    expect(token).toBeTruthy();

    const uids: string[] = [];
    for (const replica of replicas) {
      const path =
        '/api/catalog/entities/by-name/component/default/inventory-service';
      const unauthenticated = await fetch(replica.url(path));
      expect(unauthenticated.status).toBe(401);
      // The catalog is processed in the background after start: wait for the entity.
      const deadline = Date.now() + 180_000;
      let status = 0;
      let body: any;
      while (Date.now() < deadline) {
        const response = await fetch(replica.url(path), {
          headers: { authorization: `Bearer ${token}` },
        });
        status = response.status;
        body = await response.json();
        if (status === 200) break;
        await new Promise(r => setTimeout(r, 2000));
      }
      expect({ replica: replica.name, status }).toEqual({
        replica: replica.name,
        status: 200,
      });
      expect(body.metadata.name).toBe('inventory-service');
      uids.push(body.metadata.uid);
    }
    // One catalog: both replicas answer with the same stored entity.
    expect(uids[1]).toBe(uids[0]);

    // The catalog's database and tables exist once; every migration ran once.
    const databases = await postgres.query(
      'postgres',
      "SELECT datname FROM pg_database WHERE datname LIKE 'backstage_plugin_catalog%'",
    );
    expect(databases.map(d => d.datname)).toEqual(['backstage_plugin_catalog']);
    const tables = await postgres.query(
      'backstage_plugin_catalog',
      "SELECT tablename, count(*)::int AS n FROM pg_tables WHERE tablename IN ('final_entities', 'refresh_state', 'knex_migrations') GROUP BY tablename ORDER BY tablename",
    );
    expect(tables).toEqual([
      { tablename: 'final_entities', n: 1 },
      { tablename: 'knex_migrations', n: 1 },
      { tablename: 'refresh_state', n: 1 },
    ]);
    const duplicateMigrations = await postgres.query(
      'backstage_plugin_catalog',
      'SELECT name FROM knex_migrations GROUP BY name HAVING count(*) > 1',
    );
    expect(duplicateMigrations).toEqual([]);
    const entities = await postgres.query(
      'backstage_plugin_catalog',
      "SELECT count(*)::int AS n FROM final_entities WHERE entity_ref = 'component:default/inventory-service'",
    );
    expect(entities).toEqual([{ n: 1 }]);
  }, 720_000);
});
