import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { signIn } from './portal';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * Self-service creation end to end, in Chromium against the sandbox: a new
 * user opens Create, picks the Go microservice template, is told what is wrong
 * with a bad name and a bad port, then creates returns-service. The scaffolder
 * publishes it to the sandbox's git server (Gitea), commits its manifests to
 * the GitOps repository there and creates its Argo CD application; the catalog
 * shows it with its owner, Argo CD syncs it into the cluster and its Rollouts
 * tab shows the Deployment complete.
 *
 * Needs the sandbox environment (`. <state>/env.sh`: KUBECONFIG, SANDBOX_GIT_*).
 * Before and after the test everything it creates is removed (Argo CD
 * application and the objects it deployed, the repository, the GitOps folder,
 * the catalog entity and its location), so a re-run and the other specs start
 * from the seeded baseline.
 */

const SERVICE = 'returns-service';
/**
 * The sandbox's Gitea as the template's RepoUrlPicker offers it (its
 * allowedHosts). A sandbox on another port offset maps this host to its own
 * Gitea with one more `integrations.gitea` entry (baseUrl SANDBOX_GIT_URL).
 */
const TEMPLATE_GIT_HOST = '127.0.0.1:46418';
const ORG = 'supply-chain';
const BACKEND = 'http://localhost:7100';
const repoRoot = resolve(__dirname, '../../..');
const screenshotDir = resolve(repoRoot, 'e2e-test-results/screenshots');
const run = promisify(execFile);

function sandboxEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the e2e tests with the sandbox environment (. <sandbox state>/env.sh)`,
    );
  }
  return value;
}

async function kubectl(args: string[]): Promise<string> {
  sandboxEnv('KUBECONFIG');
  try {
    return (
      await run('kubectl', args, {
        env: process.env,
        maxBuffer: 16 * 1024 * 1024,
        timeout: 5 * 60_000,
      })
    ).stdout;
  } catch (error: any) {
    throw new Error(
      `kubectl ${args.join(' ')} failed: ${error.stderr || error.message}`,
    );
  }
}

/** Gitea API as the sandbox's portal account. */
async function gitea(method: string, path: string): Promise<Response> {
  return fetch(`${sandboxEnv('SANDBOX_GIT_URL')}/api/v1${path}`, {
    method,
    headers: { Authorization: `token ${sandboxEnv('SANDBOX_GIT_TOKEN')}` },
  });
}

/** git with the portal's token in the environment (never on the command line). */
async function git(cwd: string, ...args: string[]) {
  const basic = Buffer.from(
    `${sandboxEnv('SANDBOX_GIT_USER')}:${sandboxEnv('SANDBOX_GIT_TOKEN')}`,
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

/** Removes apps/returns-service from the GitOps repository, if it is there. */
async function removeGitopsFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-gitops-'));
  try {
    await git(
      dir,
      'clone',
      '--quiet',
      sandboxEnv('SANDBOX_GIT_GITOPS_URL'),
      '.',
    );
    const listed = await git(dir, 'ls-files', `apps/${SERVICE}`);
    if (!listed) return;
    await git(dir, 'rm', '-r', '--quiet', `apps/${SERVICE}`);
    await git(
      dir,
      '-c',
      'user.name=e2e',
      '-c',
      'user.email=e2e@supplychain.local',
      'commit',
      '--quiet',
      '-m',
      `${SERVICE}: removed after the e2e test`,
    );
    await git(dir, 'push', '--quiet', 'origin', 'HEAD:main');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A catalog token of the signed-in guest (the same identity the browser uses). */
async function catalogToken(request: APIRequestContext): Promise<string> {
  const res = await request.get(
    `${BACKEND}/api/auth/guest/refresh?optional=&env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(res.ok(), `guest refresh: HTTP ${res.status()}`).toBe(true);
  return (await res.json()).backstageIdentity.token;
}

/**
 * Waits until the catalog has read the Go microservice template: a backend
 * that just started processes its file locations within a few minutes on a
 * busy machine, and the Create page lists what the catalog has at load time.
 */
async function waitForTemplate(request: APIRequestContext) {
  const headers = { Authorization: `Bearer ${await catalogToken(request)}` };
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `${BACKEND}/api/catalog/entities/by-name/template/default/go-microservice`,
            { headers },
          )
        ).status(),
      { timeout: 4 * 60_000, intervals: [2_000] },
    )
    .toBe(200);
}

/** A scaffolder task's status and the messages of its failed steps. */
async function task(request: APIRequestContext, id: string) {
  const headers = { Authorization: `Bearer ${await catalogToken(request)}` };
  const res = await request.get(`${BACKEND}/api/scaffolder/v2/tasks/${id}`, {
    headers,
  });
  expect(res.ok(), `task ${id}: HTTP ${res.status()}`).toBe(true);
  const { status } = (await res.json()) as { status: string };
  const events = (await (
    await request.get(`${BACKEND}/api/scaffolder/v2/tasks/${id}/events`, {
      headers,
    })
  ).json()) as {
    body: { stepId?: string; status?: string; message?: string };
  }[];
  const errors = events
    .filter(e => e.body.status === 'failed')
    .map(e => `${e.body.stepId}: ${e.body.message}`);
  return { status, errors };
}

/** HTTP status of the catalog's returns-service entity (404 when absent). */
async function catalogEntityStatus(request: APIRequestContext) {
  const res = await request.get(
    `${BACKEND}/api/catalog/entities/by-name/component/default/${SERVICE}`,
    { headers: { Authorization: `Bearer ${await catalogToken(request)}` } },
  );
  return res.status();
}

/** Unregisters returns-service: its location, then the entity. */
async function unregister(request: APIRequestContext) {
  const headers = { Authorization: `Bearer ${await catalogToken(request)}` };
  const locations = await request.get(`${BACKEND}/api/catalog/locations`, {
    headers,
  });
  for (const { data } of (await locations.json()) as {
    data: { id: string; target: string };
  }[]) {
    // catalog-info.yaml is registered from the GitOps folder apps/<service>
    // (older runs registered it from the service's repository)
    if (
      data.target.includes(`/${ORG}/${SERVICE}/`) ||
      data.target.includes(`/apps/${SERVICE}/catalog-info.yaml`)
    ) {
      await request.delete(`${BACKEND}/api/catalog/locations/${data.id}`, {
        headers,
      });
    }
  }
  const entity = await request.get(
    `${BACKEND}/api/catalog/entities/by-name/component/default/${SERVICE}`,
    { headers },
  );
  if (entity.ok()) {
    const uid = (await entity.json()).metadata.uid;
    const deleted = await request.delete(
      `${BACKEND}/api/catalog/entities/by-uid/${uid}`,
      { headers },
    );
    expect(deleted.ok(), `deleting ${SERVICE}: HTTP ${deleted.status()}`).toBe(
      true,
    );
  }
}

/** Everything the test creates, removed; safe to call when none of it exists. */
async function cleanUp(request: APIRequestContext) {
  // the application's finalizer deletes what Argo CD deployed
  await kubectl([
    '-n',
    'argocd',
    'delete',
    'application',
    SERVICE,
    '--ignore-not-found',
    '--wait=true',
    '--timeout=180s',
  ]);
  await kubectl([
    '-n',
    'supply-chain',
    'delete',
    'deployments,services,serviceaccounts,horizontalpodautoscalers,poddisruptionbudgets,virtualservices,destinationrules,authorizationpolicies,servicemonitors,externalsecrets',
    '-l',
    `backstage.io/kubernetes-id=${SERVICE}`,
    '--ignore-not-found',
    '--wait=true',
  ]);
  const repo = await gitea('DELETE', `/repos/${ORG}/${SERVICE}`);
  expect([204, 404]).toContain(repo.status);
  await removeGitopsFolder();
  await unregister(request);
}

async function shot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({
    path: resolve(screenshotDir, `scaffolder-${name}.png`),
    fullPage: true,
  });
}

/** Picks an entity, by its title, in an OwnerPicker / EntityPicker / MultiEntityPicker. */
async function pickEntity(page: Page, label: string, title: string) {
  // MUI's Autocomplete: the labelled input sits inside the combobox
  const box = page.getByRole('textbox', { name: label });
  await box.click();
  await box.fill(title);
  await page.getByRole('option', { name: title }).first().click();
}

/** "<sync>/<health>" of the Argo CD application, "missing" when there is none. */
async function appState(): Promise<string> {
  const state = await kubectl([
    '-n',
    'argocd',
    'get',
    'application',
    SERVICE,
    '--ignore-not-found',
    '-o',
    'jsonpath={.status.sync.status}/{.status.health.status}',
  ]);
  return state.trim() || 'missing';
}

// a click on something that never appears fails within a minute, not at the test's timeout
test.use({ actionTimeout: 60_000 });

test.beforeEach(async ({ page }) => {
  page.on('pageerror', error => {
    throw new Error(`Uncaught exception on page: ${error}`);
  });
});

test.beforeAll(async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  // the API calls sign in as the guest themselves; no page needs to load
  const page = await browser.newPage();
  await waitForTemplate(page.request);
  await cleanUp(page.request);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  test.setTimeout(5 * 60_000);
  const page = await browser.newPage();
  await cleanUp(page.request);
  await page.close();
});

test('a new user creates returns-service from the Go microservice template and sees it running', async ({
  page,
}) => {
  test.setTimeout(12 * 60_000);
  await signIn(page);

  // Create -> the Go microservice template
  await page
    .getByRole('link', { name: /^Create/ })
    .first()
    .click();
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Go microservice', { exact: true }) });
  await expect(card).toBeVisible();
  await shot(page, '0-templates');
  await card.getByRole('button', { name: 'Choose' }).click();

  // Service: a name that is not a DNS-1123 label is refused, with the reason
  const name = page.getByRole('textbox', { name: 'Name' });
  await name.fill('Returns_Service');
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Handles customer returns and refunds of shipped orders');
  await pickEntity(page, 'Owner', 'Inventory Team');
  await pickEntity(page, 'System', 'Order Fulfillment');
  // minItems 1: the form already shows the first item
  await page.locator('#root_responsibilities_0').fill('Return authorisation');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page
      .getByText(
        'Name must use only lower-case letters, digits and dashes, and start and end with a letter or digit (e.g. returns-service)',
      )
      .first(),
  ).toBeVisible();
  await shot(page, '1-bad-name');
  await name.fill(SERVICE);
  await page.getByRole('button', { name: 'Next' }).click();

  // Runtime: a dependency from the catalog; a privileged port is refused
  await pickEntity(page, 'Dependencies', 'Order Service');
  const port = page.getByRole('textbox', { name: 'HTTP port' });
  await port.fill('80');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page
      .getByText(
        'HTTP port must be between 1024 and 65535 (ports below 1024 need root)',
      )
      .first(),
  ).toBeVisible();
  await shot(page, '2-bad-port');
  await port.fill('eighty');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByText('HTTP port must be a whole number').first(),
  ).toBeVisible();
  await port.fill('8080');
  await page.getByRole('button', { name: 'Next' }).click();

  // Refused input created nothing: no repository, no Argo CD application, no catalog entry
  expect((await gitea('GET', `/repos/${ORG}/${SERVICE}`)).status).toBe(404);
  expect(await appState()).toBe('missing');
  expect(await catalogEntityStatus(page.request)).toBe(404);

  // Repository: the sandbox's git server
  await page
    .getByTestId('host-select')
    .locator('select')
    .selectOption(TEMPLATE_GIT_HOST);
  await page.getByRole('textbox', { name: 'Owner' }).fill(ORG);
  // a free-text autocomplete: the name is taken when the field loses focus
  const repository = page.getByRole('textbox', { name: 'Repository' });
  await repository.fill(SERVICE);
  await repository.press('Tab');
  await page.getByRole('button', { name: /^(Review|Next)$/ }).click();
  await shot(page, '3-review');
  await page.getByRole('button', { name: 'Create' }).click();

  // The task runs to the end (a failed step fails the test with its message)
  await page.waitForURL(/\/create\/tasks\/[^/]+/);
  const taskId = new URL(page.url()).pathname.split('/').pop()!;
  await expect
    .poll(async () => (await task(page.request, taskId)).status, {
      timeout: 6 * 60_000,
      intervals: [2_000],
    })
    .not.toMatch(/^(open|processing)$/);
  const finished = await task(page.request, taskId);
  expect(finished.status, finished.errors.join('\n')).toBe('completed');
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible();
  await shot(page, '4-task-done');

  // The catalog shows it with its owner
  await openInCatalog.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${SERVICE}`),
  );
  await expect(
    page.getByRole('link', { name: 'Inventory Team' }).first(),
  ).toBeVisible();
  await shot(page, '5-catalog');

  // Argo CD syncs it into the sandbox
  await expect
    .poll(appState, { timeout: 5 * 60_000, intervals: [2_000] })
    .toBe('Synced/Healthy');

  // Its Rollouts tab shows the Deployment complete
  await page.goto(`/catalog/default/component/${SERVICE}/rollouts`);
  const header = page
    .locator(`[id="rollout-sandbox-supply-chain-${SERVICE}"]`)
    .locator('xpath=..');
  await expect(header).toContainText('complete', { timeout: 120_000 });
  await shot(page, '6-rollouts');
});
