/*
 * Attack suite, issue 15 class 4 (scaffolder actions with platform
 * credentials on targets the template picks), plus the scaffolder parts of
 * class 3 (a name held by an existing GitOps folder, Argo CD application or
 * Deployment cannot be re-created by another team) and class 6 (secrets never
 * in task logs or outputs).
 *
 * Signed in as aisha.bello (inventory-team) against the real backend and the
 * sandbox, every attack goes through the scaffolder's own endpoints: real
 * tasks of the registered templates (POST /api/scaffolder/v2/tasks) and dry
 * runs of inline templates that call each supply-chain:* action directly
 * (POST /api/scaffolder/v2/dry-run). Each must be refused with a message
 * naming why, and the GitOps repository, Gitea, Argo CD and the cluster are
 * read back as admin to show nothing changed. A listener on 127.0.0.1 records
 * every request the portal makes to a URL an inline template names.
 *
 * The outcome of every attack is also printed as a table (and written to
 * $SCAFFOLDER_ATTACKS_REPORT when set), for the before/after record.
 */
/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "attack"] }] */
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  deploymentFingerprint,
  PortalUnderAttack,
  startPortalUnderAttack,
} from '../__testUtils__/portalUnderAttack';

jest.setTimeout(900_000);

const run = promisify(execFile);
const ORG = 'supply-chain';
/** a GitOps folder of fulfillment-team, seeded by this test as admin */
const FOREIGN_FOLDER = 'attack-held-by-fulfillment';
/** a second repository of the organization: not the GitOps repository */
const OTHER_REPO = 'attack-other-repo';
/** names the attacks try to create; removed before and after */
const CREATED = [
  'attack-foreign-owner',
  'attack-foreign-model',
  'attack-new-app',
  'attack-probe-service',
  'attack-kube-system',
  'attack-cluster-role',
  'attack-namespace',
  FOREIGN_FOLDER,
];

/**
 * Set for the record of the code before the fix only: its actions have no
 * `owner` input (and the scaffolder refuses unknown inputs).
 */
const LEGACY_INPUTS = process.env.ATTACK_SUITE_LEGACY_INPUTS === '1';
const ownerInput = LEGACY_INPUTS
  ? {}
  : { owner: 'group:default/inventory-team' };

/** names whose state the attacks must leave unchanged (other suites change the rest) */
const WATCHED = [...CREATED, 'order-service', 'inventory-service'];

let portal: PortalUnderAttack;
let gitopsUrl: string;
let listener: http.Server;
let listenerUrl: string;
const listenerRequests: { method: string; url: string; auth?: string }[] = [];
/** every response and log text this suite saw, searched for secrets */
const seen: string[] = [];

type Outcome = {
  refused: boolean;
  status: string;
  message: string;
  byPolicy?: boolean;
};
const report: { attack: string; outcome: string; detail: string }[] = [];

function record(attackName: string, outcome: Outcome, changed: string[]) {
  let verdict = 'refused';
  if (changed.length > 0) {
    verdict = `SUCCEEDED (changed: ${changed.join(', ')})`;
  } else if (!outcome.refused) {
    verdict = 'SUCCEEDED (accepted)';
  }
  report.push({
    attack: attackName,
    outcome: verdict,
    detail: `${outcome.status}: ${outcome.message.slice(0, 240)}`,
  });
}

// ----------------------------------------------------------------- helpers

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set by the sandbox`);
  return value;
};

/** git as the Gitea admin (token in the environment, never on argv). */
async function adminGit(cwd: string, ...args: string[]) {
  const basic = Buffer.from(
    `${env('SANDBOX_GIT_USER')}:${env('SANDBOX_GIT_TOKEN')}`,
  ).toString('base64');
  return (
    await run('git', args, {
      cwd,
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
      },
    })
  ).stdout.trim();
}

/** Changes the GitOps repository as admin: `change` edits a clone, then one commit is pushed. */
async function editGitops(
  message: string,
  change: (dir: string) => Promise<boolean>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'attack-gitops-'));
  try {
    await adminGit(dir, 'clone', '--quiet', gitopsUrl, '.');
    if (!(await change(dir))) return;
    await adminGit(dir, 'add', '--all');
    if (!(await adminGit(dir, 'status', '--porcelain'))) return;
    await adminGit(
      dir,
      '-c',
      'user.name=attack-suite',
      '-c',
      'user.email=attack@supplychain.local',
      'commit',
      '--quiet',
      '-m',
      message,
    );
    await adminGit(dir, 'push', '--quiet', 'origin', 'HEAD:main');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The GitOps repository read back as admin: every file with its blob id,
 * except folders of services other suites (the e2e spec) create.
 */
async function gitopsState() {
  const dir = mkdtempSync(join(tmpdir(), 'attack-gitops-read-'));
  try {
    await adminGit(dir, 'clone', '--quiet', gitopsUrl, '.');
    const tree = (await adminGit(dir, 'ls-tree', '-r', 'HEAD'))
      .split('\n')
      .map(line => {
        const [meta, file] = line.split('\t');
        return { file, blob: meta.split(' ')[2] };
      });
    const relevant = tree.filter(({ file }) => {
      const m = /^(apps|models)\/([^/]+)\//.exec(file);
      return !m || WATCHED.includes(m[2]);
    });
    return {
      files: tree.map(t => t.file).sort(),
      content: relevant.map(t => `${t.file}@${t.blob}`).sort(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function argocdApps(): Promise<Record<string, string>> {
  const res = await portal.argocdAdmin('/api/v1/applications');
  if (!res.ok) throw new Error(`Argo CD list: HTTP ${res.status}`);
  const items = ((await res.json()).items ?? []) as any[];
  return Object.fromEntries(
    items
      .filter(a => WATCHED.includes(a.metadata.name))
      .map(a => [
        a.metadata.name,
        JSON.stringify({
          spec: a.spec,
          labels: a.metadata.labels,
          owner: a.metadata.annotations?.['supply-chain.io/owner'],
        }),
      ]),
  );
}

async function giteaRepos(): Promise<string[]> {
  const res = await portal.giteaAdmin(`/orgs/${ORG}/repos?limit=100`);
  if (!res.ok) throw new Error(`Gitea repos: HTTP ${res.status}`);
  return ((await res.json()) as any[])
    .map(r => r.name)
    .filter(n => [...WATCHED, OTHER_REPO, 'gitops'].includes(n))
    .sort();
}

function kubeState() {
  const get = (args: string[]) => {
    try {
      return portal.kubectl(...args);
    } catch (e) {
      return `error: ${String((e as any).stderr ?? e).split('\n')[0]}`;
    }
  };
  return {
    orderService: JSON.stringify(
      deploymentFingerprint(portal.kubeGet('deployment', 'order-service')),
    ),
    orderServiceLabels: JSON.stringify(
      portal.kubeGet('deployment', 'order-service')?.metadata?.labels,
    ),
    mlTeamModel: JSON.stringify({
      labels: portal.kubeGet('mlmodel', 'demand-forecasting-v2')?.metadata
        ?.labels,
      spec: portal.kubeGet('mlmodel', 'demand-forecasting-v2')?.spec,
    }),
    metricsConfig: JSON.stringify(
      portal.kubeGet('configmap', 'sandbox-metrics')?.data,
    ),
    clusterRole: get([
      'get',
      'clusterroles',
      'attack-cluster-role',
      '--ignore-not-found',
      '-o',
      'name',
    ]),
    namespace: get([
      'get',
      'namespaces',
      'attack-namespace',
      '--ignore-not-found',
      '-o',
      'name',
    ]),
    kubeSystem: get([
      '-n',
      'kube-system',
      'get',
      'deployments',
      '-o',
      'jsonpath={.items[*].metadata.name}',
    ]),
    supplyChain: get([
      '-n',
      'supply-chain',
      'get',
      'deployments,services,configmaps,serviceaccounts,mlmodels',
      '-o',
      'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.labels.backstage\\.io/kubernetes-id}{"\\n"}{end}',
    ])
      .split('\n')
      .filter(
        line =>
          line.startsWith('MLModel/') ||
          WATCHED.some(n => line.includes(`/${n}=`) || line.endsWith(`=${n}`)),
      )
      .sort()
      .join(' '),
  };
}

type State = Awaited<ReturnType<typeof snapshot>>;
async function snapshot() {
  return {
    gitops: JSON.stringify((await gitopsState()).content),
    argocd: JSON.stringify(await argocdApps()),
    gitea: JSON.stringify(await giteaRepos()),
    ...kubeState(),
  };
}

/** Names of the parts of the state that differ (details on the console). */
function diff(before: State, after: State): string[] {
  const changed = (Object.keys(before) as (keyof State)[]).filter(
    k => before[k] !== after[k],
  );
  for (const k of changed) {
    // eslint-disable-next-line no-console
    console.log(`changed ${k}:\n  before ${before[k]}\n  after  ${after[k]}`);
  }
  return changed;
}

function messageOf(json: any, text: string): string {
  return String(json?.error?.message ?? json?.errors?.[0]?.message ?? text);
}

/** An inline template of the given steps, run by the dry-run endpoint. */
async function dryRun(
  steps: object[],
  files: Record<string, string> = {},
): Promise<Outcome> {
  const res = await portal.call('POST', '/api/scaffolder/v2/dry-run', {
    body: {
      template: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'attack' },
        spec: {
          owner: 'user:default/aisha.bello',
          type: 'service',
          parameters: [],
          steps,
        },
      },
      values: {},
      secrets: {},
      directoryContents: Object.entries(files).map(([path, content]) => ({
        path,
        base64Content: Buffer.from(content).toString('base64'),
      })),
    },
  });
  seen.push(res.text);
  return {
    refused: res.status >= 400,
    status: `HTTP ${res.status}`,
    message: messageOf(res.json, res.text),
    // the first fence: the permission policy makes dry runs admin-only
    // (scaffolder.template.dry-run), so the actions' own refusals (the second
    // fence, proven by the module's unit tests) are not reached by a team member
    byPolicy: res.status === 403,
  };
}

type TaskResult = Outcome & { events: any[]; task: any };

/** A real task of a registered template; waits until it ends. */
async function runTask(
  template: string,
  values: Record<string, unknown>,
): Promise<TaskResult> {
  const created = await portal.call('POST', '/api/scaffolder/v2/tasks', {
    body: { templateRef: `template:default/${template}`, values, secrets: {} },
  });
  seen.push(created.text);
  if (created.status >= 400) {
    return {
      refused: true,
      status: `HTTP ${created.status}`,
      message: messageOf(created.json, created.text),
      events: [],
      task: undefined,
    };
  }
  const id = created.json.id;
  const deadline = Date.now() + 8 * 60_000;
  let task: any;
  for (;;) {
    task = (await portal.call('GET', `/api/scaffolder/v2/tasks/${id}`)).json;
    if (!['open', 'processing'].includes(task?.status)) break;
    if (Date.now() > deadline) throw new Error(`task ${id} never ended`);
    await new Promise(r => setTimeout(r, 2000));
  }
  const eventsRes = await portal.call(
    'GET',
    `/api/scaffolder/v2/tasks/${id}/events`,
  );
  seen.push(JSON.stringify(task), eventsRes.text);
  const events = (eventsRes.json ?? []) as any[];
  const failures = events
    .filter(e => e.body?.status === 'failed' || e.body?.error)
    .map(
      e => `${e.body.stepId ?? ''}: ${e.body.message ?? e.body.error?.message}`,
    );
  return {
    refused: task.status !== 'completed',
    status: `task ${task.status}`,
    message: failures.join(' | ') || task.status,
    events,
    task,
  };
}

const serviceValues = (name: string, owner: string) => ({
  name,
  description: 'A service created by the scaffolder attack suite',
  owner,
  system: 'system:default/order-fulfillment',
  responsibilities: ['Nothing real'],
  repoUrl: `${env('SANDBOX_GIT_HOST')}?owner=${ORG}&repo=${name}`,
});

/** Everything an attack (or the owner's probe) may have created, removed. */
async function cleanUp() {
  // the application's finalizer deletes what Argo CD deployed
  portal.kubectl(
    '-n',
    'argocd',
    'delete',
    'applications',
    ...CREATED,
    '--ignore-not-found',
    '--wait=true',
    '--timeout=180s',
  );
  for (const name of CREATED) {
    portal.kubectl(
      '-n',
      'supply-chain',
      'delete',
      'deployments,services,serviceaccounts,configmaps,horizontalpodautoscalers,poddisruptionbudgets,virtualservices,destinationrules,authorizationpolicies,servicemonitors,externalsecrets,mlmodels',
      '-l',
      `backstage.io/kubernetes-id=${name}`,
      '--ignore-not-found',
    );
  }
  portal.kubectl(
    '-n',
    'supply-chain',
    'delete',
    'mlmodels',
    'attack-foreign-model',
    '--ignore-not-found',
  );
  portal.kubectl(
    'delete',
    'clusterrole',
    'attack-cluster-role',
    '--ignore-not-found',
  );
  portal.kubectl(
    'delete',
    'namespace',
    'attack-namespace',
    '--ignore-not-found',
  );
  portal.kubectl(
    '-n',
    'kube-system',
    'delete',
    'deployment',
    'attack-kube-system',
    '--ignore-not-found',
  );
  for (const name of [...CREATED, OTHER_REPO]) {
    const res = await portal.giteaAdmin(`/repos/${ORG}/${name}`, {
      method: 'DELETE',
    });
    if (![204, 404].includes(res.status)) {
      throw new Error(`deleting Gitea repo ${name}: HTTP ${res.status}`);
    }
  }
  await editGitops('attack suite: clean up', async dir => {
    let changed = false;
    for (const name of CREATED) {
      for (const folder of [`apps/${name}`, `models/${name}`]) {
        const listed = await adminGit(dir, 'ls-files', folder);
        if (listed) {
          await adminGit(dir, 'rm', '-r', '--quiet', folder);
          changed = true;
        }
      }
    }
    return changed;
  });
}

/** The refusal names why: the action's message, or the policy's 403 for a dry run. */
function expectReason(outcome: Outcome, why: RegExp) {
  expect(outcome.byPolicy ? outcome.status : outcome.message).toMatch(
    outcome.byPolicy ? /^HTTP 403$/ : why,
  );
}

/** Runs an attack: state before, the attack, state after, the verdict recorded and asserted. */
async function attack(
  name: string,
  act: () => Promise<Outcome>,
  why: RegExp,
): Promise<Outcome> {
  const before = await snapshot();
  const outcome = await act();
  const after = await snapshot();
  const changed = diff(before, after);
  record(name, outcome, changed);
  expect({ refused: outcome.refused, changed }).toEqual({
    refused: true,
    changed: [],
  });
  expectReason(outcome, why);
  return outcome;
}

// ------------------------------------------------------------------ set-up

beforeAll(async () => {
  listener = http.createServer((req, res) => {
    listenerRequests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      auth: req.headers.authorization,
    });
    res.statusCode = 401;
    res.setHeader('www-authenticate', 'Basic realm="attacker"');
    res.end('credentials please');
  });
  await new Promise<void>(r => listener.listen(0, '127.0.0.1', () => r()));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;

  portal = await startPortalUnderAttack({ name: 'attack-scaffolder' });
  gitopsUrl = env('SANDBOX_GIT_GITOPS_URL');
  await portal.waitForEntities([
    'template/default/go-microservice',
    'template/default/ml-model',
  ]);
  await cleanUp();
  // a GitOps folder of fulfillment-team (as the scaffolder would have written it)
  await editGitops(`${FOREIGN_FOLDER}: fulfillment-team's`, async dir => {
    const folder = join(dir, 'apps', FOREIGN_FOLDER);
    await run('mkdir', ['-p', folder]);
    writeFileSync(
      join(folder, 'catalog-info.yaml'),
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${FOREIGN_FOLDER}`,
        '  annotations:',
        `    backstage.io/kubernetes-id: ${FOREIGN_FOLDER}`,
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: group:default/fulfillment-team',
        '',
      ].join('\n'),
    );
    writeFileSync(join(folder, 'README.md'), 'fulfillment-team keeps this\n');
    return true;
  });
  const other = await portal.giteaAdmin(`/orgs/${ORG}/repos`, {
    method: 'POST',
    body: JSON.stringify({ name: OTHER_REPO, auto_init: true, private: true }),
  });
  if (other.status !== 201) {
    throw new Error(`creating ${OTHER_REPO}: HTTP ${other.status}`);
  }
});

afterAll(async () => {
  const table = [
    '| attack | outcome | detail |',
    '|---|---|---|',
    ...report.map(
      r => `| ${r.attack} | ${r.outcome} | ${r.detail.replace(/\|/g, '/')} |`,
    ),
  ].join('\n');
  // eslint-disable-next-line no-console
  console.log(`scaffolder attacks:\n${table}`);
  if (process.env.SCAFFOLDER_ATTACKS_REPORT) {
    writeFileSync(process.env.SCAFFOLDER_ATTACKS_REPORT, `${table}\n`);
  }
  try {
    if (portal) await cleanUp();
  } finally {
    await new Promise(r => listener?.close(r));
    await portal?.stop();
  }
});

// ------------------------------------------------------------ real tasks

describe('real tasks of the registered templates', () => {
  it('go-microservice named order-service (held by fulfillment-team) is refused', async () => {
    await attack(
      'task go-microservice: create order-service (held)',
      () =>
        runTask(
          'go-microservice',
          serviceValues('order-service', 'group:default/inventory-team'),
        ),
      /order-service.*held by group:default\/fulfillment-team/,
    );
  });

  it('go-microservice over a GitOps folder held by another team is refused', async () => {
    await attack(
      'task go-microservice: re-create a name held by a GitOps folder',
      () =>
        runTask(
          'go-microservice',
          serviceValues(FOREIGN_FOLDER, 'group:default/inventory-team'),
        ),
      new RegExp(
        `${FOREIGN_FOLDER} is held by group:default/fulfillment-team \\(GitOps folder apps/${FOREIGN_FOLDER}\\)`,
      ),
    );
  });

  it('go-microservice for a team the user is not a member of is refused', async () => {
    await attack(
      'task go-microservice: owner fulfillment-team (not a member)',
      () =>
        runTask(
          'go-microservice',
          serviceValues(
            'attack-foreign-owner',
            'group:default/fulfillment-team',
          ),
        ),
      /owner: .*group:default\/fulfillment-team/,
    );
  });

  it("ml-model served by another team's component is refused", async () => {
    await attack(
      "task ml-model: model on fulfillment-team's order-service",
      () =>
        runTask('ml-model', {
          servingComponent: 'component:default/order-service',
          name: 'attack-foreign-model',
          modelName: 'attack',
          modelVersion: 'v1.0.0',
          framework: 'sklearn',
          owner: 'group:default/inventory-team',
        }),
      /servingComponent: .*order-service.*group:default\/fulfillment-team/,
    );
  });
});

describe('real tasks over cluster objects of another team', () => {
  it("ml-model named like ml-team's MLModel demand-forecasting-v2 is refused", async () => {
    await attack(
      "task ml-model: re-create ml-team's MLModel demand-forecasting-v2",
      () =>
        runTask('ml-model', {
          servingComponent: 'component:default/inventory-service',
          name: 'demand-forecasting-v2',
          modelName: 'demand-forecasting',
          modelVersion: 'v9.0.0',
          framework: 'sklearn',
          owner: 'group:default/inventory-team',
        }),
      /demand-forecasting-v2 is held by group:default\/ml-team \(MLModel supply-chain\/demand-forecasting-v2\)/,
    );
  });
});

// --------------------------------------------------- dry runs, action by action

const content = {
  'content/catalog-info.yaml': [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${FOREIGN_FOLDER}`,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: group:default/inventory-team',
    '',
  ].join('\n'),
  'content/note.yaml': 'taken: true\n',
};
const fetchContent = {
  id: 'fetch',
  action: 'fetch:plain',
  input: { url: './content', targetPath: 'content' },
};
const commit = (input: Record<string, unknown>) => ({
  id: 'commit',
  action: 'supply-chain:gitops:commit',
  input: {
    repoUrl: gitopsUrl,
    sourcePath: 'content',
    commitMessage: 'attack',
    ...input,
  },
});

describe('supply-chain:gitops:commit in a dry run', () => {
  it("into another team's GitOps folder is refused", async () => {
    await attack(
      "dry-run gitops:commit into fulfillment-team's apps/ folder",
      () =>
        dryRun(
          [fetchContent, commit({ targetPath: `apps/${FOREIGN_FOLDER}` })],
          content,
        ),
      new RegExp(`held by group:default/fulfillment-team`),
    );
  });

  it('into another repository is refused', async () => {
    await attack(
      'dry-run gitops:commit to another repository',
      () =>
        dryRun(
          [
            fetchContent,
            commit({
              repoUrl: `${env('SANDBOX_GIT_URL')}/${ORG}/${OTHER_REPO}.git`,
              targetPath: 'apps/attack-new-app',
            }),
          ],
          content,
        ),
      /repoUrl: .*GitOps repository/,
    );
  });

  it('outside apps/ and models/ is refused', async () => {
    await attack(
      'dry-run gitops:commit to a path outside apps/ and models/',
      () => dryRun([fetchContent, commit({ targetPath: 'docs' })], content),
      /targetPath: .*apps\/<name> or models\/<name>/,
    );
  });
});

const application = (overrides: {
  name?: string;
  project?: string;
  repoURL?: string;
  path?: string;
  server?: string;
  namespace?: string;
}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: {
    name: overrides.name ?? 'attack-new-app',
    namespace: 'argocd',
  },
  spec: {
    project: overrides.project ?? 'default',
    source: {
      repoURL: overrides.repoURL ?? gitopsUrl,
      targetRevision: 'HEAD',
      path: overrides.path ?? 'apps/attack-new-app/overlays/production',
    },
    destination: {
      server: overrides.server ?? 'https://kubernetes.default.svc',
      namespace: overrides.namespace ?? 'supply-chain',
    },
  },
});
const createApp = (app: object, extra: Record<string, unknown> = {}) => ({
  id: 'argocd',
  action: 'supply-chain:argocd:application:create',
  input: {
    instance: 'sandbox',
    application: app,
    ...ownerInput,
    ...extra,
  },
});

describe('supply-chain:argocd:application:create in a dry run', () => {
  it("upserting fulfillment-team's order-service is refused", async () => {
    await attack(
      'dry-run argocd: upsert the application order-service',
      () =>
        dryRun([
          createApp(
            application({
              name: 'order-service',
              path: 'apps/order-service/overlays/production',
            }),
            { upsert: true },
          ),
        ]),
      /order-service is held by group:default\/fulfillment-team/,
    );
  });

  it('an application in another project is refused', async () => {
    await attack(
      'dry-run argocd: application in another project',
      () => dryRun([createApp(application({ project: 'platform' }))]),
      /project/,
    );
  });

  it('an application from another repository is refused', async () => {
    await attack(
      'dry-run argocd: application from another repository',
      () =>
        dryRun([
          createApp(
            application({
              repoURL: `${env('SANDBOX_GIT_URL')}/${ORG}/${OTHER_REPO}.git`,
            }),
          ),
        ]),
      /repoURL/,
    );
  });

  it('an application into kube-system is refused', async () => {
    await attack(
      'dry-run argocd: application into namespace kube-system',
      () => dryRun([createApp(application({ namespace: 'kube-system' }))]),
      /namespace.*kube-system/,
    );
  });

  it('an application into another cluster is refused', async () => {
    await attack(
      'dry-run argocd: application into another cluster',
      () =>
        dryRun([createApp(application({ server: 'https://10.0.0.1:6443' }))]),
      /destination/,
    );
  });
});

const apply = (manifests: object[], extra: Record<string, unknown> = {}) => ({
  id: 'apply',
  action: 'supply-chain:kubernetes:apply',
  input: {
    cluster: 'sandbox',
    manifests,
    ...ownerInput,
    ...extra,
  },
});
const deployment = (name: string, namespace: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name,
    namespace,
    labels: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: 'busybox:1.36' }] },
    },
  },
});

describe('supply-chain:kubernetes:apply in a dry run', () => {
  it('a ClusterRole is refused', async () => {
    await attack(
      'dry-run kubernetes:apply a ClusterRole',
      () =>
        dryRun([
          apply([
            {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRole',
              metadata: { name: 'attack-cluster-role' },
              rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
            },
          ]),
        ]),
      /ClusterRole/,
    );
  });

  it('a Namespace is refused', async () => {
    await attack(
      'dry-run kubernetes:apply a Namespace',
      () =>
        dryRun([
          apply([
            {
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name: 'attack-namespace' },
            },
          ]),
        ]),
      /Namespace/,
    );
  });

  it('a Deployment into kube-system is refused', async () => {
    await attack(
      'dry-run kubernetes:apply a Deployment into kube-system',
      () => dryRun([apply([deployment('attack-kube-system', 'kube-system')])]),
      /kube-system/,
    );
  });

  it('an apply with force is refused', async () => {
    await attack(
      "dry-run kubernetes:apply with force over the platform's ConfigMap",
      () =>
        dryRun([
          apply(
            [
              {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                metadata: {
                  name: 'sandbox-metrics',
                  namespace: 'supply-chain',
                },
                data: { 'order-service': 'cpu=1000,memory=1000,rps=1' },
              },
            ],
            { force: true },
          ),
        ]),
      /force/,
    );
  });

  it("a Deployment over fulfillment-team's order-service is refused", async () => {
    await attack(
      'dry-run kubernetes:apply the Deployment order-service',
      () => dryRun([apply([deployment('order-service', 'supply-chain')])]),
      /order-service is held by group:default\/fulfillment-team/,
    );
  });
});

describe('credentials during a dry run', () => {
  it('go nowhere but the configured hosts: a URL the template names is refused before any request', async () => {
    listenerRequests.length = 0;
    const before = await snapshot();
    const outcomes: [string, Outcome, RegExp][] = [];
    outcomes.push([
      'gitops:commit repoUrl',
      await dryRun(
        [
          fetchContent,
          commit({
            repoUrl: `${listenerUrl}/${ORG}/gitops.git`,
            targetPath: `apps/${FOREIGN_FOLDER}`,
          }),
        ],
        content,
      ),
      /repoUrl: .*is not the GitOps repository/,
    ]);
    outcomes.push([
      'argocd source.repoURL',
      await dryRun([
        createApp(application({ repoURL: `${listenerUrl}/x.git` })),
      ]),
      /repoURL: .*is not the GitOps repository/,
    ]);
    outcomes.push([
      'gitea:publish repoUrl',
      await dryRun([
        {
          id: 'publish',
          action: 'supply-chain:gitea:publish',
          input: {
            repoUrl: `${listenerUrl.replace(
              'http://',
              '',
            )}?owner=${ORG}&repo=attack-new-app`,
          },
        },
      ]),
      /repoUrl/,
    ]);
    const changed = diff(before, await snapshot());
    const leaked = listenerRequests.filter(r => r.auth);
    report.push({
      attack:
        'dry runs naming a 127.0.0.1 listener (gitops:commit, argocd, gitea:publish)',
      outcome:
        listenerRequests.length === 0 && outcomes.every(([, o]) => o.refused)
          ? 'refused'
          : `SUCCEEDED (${
              listenerRequests.length
            } requests reached the listener, ${
              leaked.length
            } with Authorization; accepted: ${outcomes
              .filter(([, o]) => !o.refused)
              .map(([n]) => n)
              .join(', ')})`,
      detail: outcomes
        .map(([n, o]) => `${n}: ${o.status} ${o.message.slice(0, 100)}`)
        .join(' / '),
    });
    expect(leaked).toEqual([]);
    expect(listenerRequests).toEqual([]);
    expect(changed).toEqual([]);
    for (const [, outcome, why] of outcomes) {
      expect(outcome.refused).toBe(true);
      expectReason(outcome, why);
    }
  });
});

describe('the owner still creates a service, and no secret shows', () => {
  it('inventory-team creates attack-probe-service; no token in its log events or outputs', async () => {
    const result = await runTask(
      'go-microservice',
      serviceValues('attack-probe-service', 'group:default/inventory-team'),
    );
    const text = JSON.stringify({ events: result.events, task: result.task });
    const leaks = portal.secrets.filter(s => text.includes(s));
    report.push({
      attack: 'owner creates attack-probe-service (must succeed, no secret)',
      outcome: `${result.status}; ${leaks.length} secrets in events/outputs`,
      detail: result.message.slice(0, 240),
    });
    expect({ status: result.status, message: result.message }).toEqual({
      status: 'task completed',
      message: 'completed',
    });
    expect(leaks).toEqual([]);
    const apps = await argocdApps();
    expect(JSON.parse(apps['attack-probe-service']).owner).toBe(
      'group:default/inventory-team',
    );
    // registered from its GitOps folder (a trusted ownership source), pointing at its code
    await portal.waitForEntities(['component/default/attack-probe-service']);
    const entity = (
      await portal.call(
        'GET',
        '/api/catalog/entities/by-name/component/default/attack-probe-service',
      )
    ).json;
    expect(entity.spec.owner).toBe('group:default/inventory-team');
    const annotations = entity.metadata.annotations;
    expect(annotations['backstage.io/managed-by-origin-location']).toContain(
      `/${ORG}/gitops/src/branch/main/apps/attack-probe-service/catalog-info.yaml`,
    );
    expect(annotations['backstage.io/source-location']).toContain(
      `/${ORG}/attack-probe-service/`,
    );
    const { files } = await gitopsState();
    expect(files).toContain('apps/attack-probe-service/catalog-info.yaml');
  });

  it('no secret in any response or log this suite saw', () => {
    const all = seen.join('\n');
    expect(portal.secrets.filter(s => all.includes(s))).toEqual([]);
  });
});
