import { test, expect, Locator, Page } from '@playwright/test';
import { kubectl, scenario, signIn } from './portal';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The Rollouts tab, its actions and the ML models views in Chromium against the
 * sandbox's real cluster, as a user sees them. Scenarios and kubectl run with
 * this process's environment, so they act on the sandbox the portal reads
 * (`. <state>/env.sh`, plus SANDBOX_STATE / SANDBOX_PORT_OFFSET for a second one).
 * "Enter" signs in as aisha.bello of inventory-team: an owner of
 * inventory-service, not of order-service. Every test that changes the cluster
 * restores the baseline with the `reset` scenario, and so does afterAll, so the
 * other specs see the seeded sandbox.
 */

// Every page.goto loads the whole development bundle, which is slow on a busy machine.
test.describe.configure({ timeout: 5 * 60_000 });

const repoRoot = resolve(__dirname, '../../..');
const screenshotDir = resolve(repoRoot, 'e2e-test-results/screenshots');

const LOAD_NAMESPACE = 'e2e-rollouts-load';
const LOAD_LABEL = 'e2e.supplychain.io/load';
const LOAD_VALUE = 'rollouts-timing';
const LOAD_DEPLOYMENTS = 100;
const LOAD_REPLICAS = 10;
const LOAD_BATCH = 20;
const LOAD_NODES = 4;

async function shot(page: Page, name: string, of?: Locator) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = resolve(screenshotDir, `rollouts-${name}.png`);
  await (of
    ? of.screenshot({ path })
    : page.screenshot({ path, fullPage: true }));
}

/** The header line of a Deployment's card: name, phase chip, namespace, revision, strategy. */
function deploymentHeader(
  page: Page,
  name: string,
  namespace = 'supply-chain',
) {
  return page
    .locator(`[id="rollout-sandbox-${namespace}-${name}"]`)
    .locator('xpath=..');
}

function progressBar(
  page: Page,
  kind: 'Updated' | 'Ready' | 'Available',
  name: string,
) {
  return page.getByRole('progressbar', { name: `${kind} replicas of ${name}` });
}

/** The revision number the header shows, e.g. 4 for "… · revision 4 · …". */
async function shownRevision(page: Page, name: string): Promise<number> {
  const text = await deploymentHeader(page, name).innerText();
  const match = text.match(/revision (\d+)/);
  if (!match) {
    throw new Error(`no revision in the header of ${name}: ${text}`);
  }
  return Number(match[1]);
}

async function openRolloutsTab(page: Page, entity: string) {
  await page.goto(`/catalog/default/component/${entity}/rollouts`);
  await expect(
    page.getByRole('heading', { name: 'Cluster sandbox' }),
  ).toBeVisible();
  await expect(page.getByText(`Revisions of ${entity}`)).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', error => {
    throw new Error(`Uncaught exception on page: ${error}`);
  });
  await signIn(page);
});

test.afterAll(async () => {
  test.setTimeout(10 * 60_000);
  await scenario('reset');
  await deleteLoad();
});

test('the sidebar leads to the Rollouts, ML models and Who owns pages', async ({
  page,
}) => {
  // the sidebar only: page content (breadcrumbs) links to the same pages
  const sidebar = page.getByTestId('sidebar-root');
  for (const [link, path] of [
    ['Rollouts', '/rollouts'],
    ['ML models', '/ml-models'],
    ['Who owns…?', '/who-owns'],
  ] as const) {
    const entry = sidebar.getByRole('link', { name: link, exact: true });
    // in view at Playwright's 1280x720 without scrolling the sidebar
    await expect(entry).toBeInViewport();
    await entry.click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
  }
  const sidebarLink = sidebar.getByRole('link', {
    name: 'Rollouts',
    exact: true,
  });
  await sidebarLink.click();
  await expect(
    page.getByRole('region', { name: 'All Deployments' }),
  ).toContainText('inventory-service');
  await sidebarLink.scrollIntoViewIfNeeded();
  await page.mouse.move(640, 400);
  await page.screenshot({
    path: resolve(screenshotDir, 'rollouts-0-sidebar-rollouts-page.png'),
  });
});

test('inventory-service shows its Deployment rollout complete', async ({
  page,
}) => {
  await openRolloutsTab(page, 'inventory-service');
  const header = deploymentHeader(page, 'inventory-service');
  await expect(header).toContainText('complete');
  await expect(header).toContainText('strategy RollingUpdate');
  await expect(
    progressBar(page, 'Available', 'inventory-service'),
  ).toHaveAttribute('aria-valuetext', '3 of 3 available');
  await expect(
    page.getByText(/Autoscaler inventory-service-hpa/),
  ).toBeVisible();
  await shot(page, '1-inventory-complete');
});

test('a rolling update moves the progress bars and revisions live, without reloading', async ({
  page,
}) => {
  test.setTimeout(8 * 60_000);
  await openRolloutsTab(page, 'inventory-service');
  const header = deploymentHeader(page, 'inventory-service');
  await expect(header).toContainText('complete');
  const before = await shownRevision(page, 'inventory-service');

  // Record every state the header and the "Updated" bar go through, in the page
  // itself, so a fast rollout cannot slip between two polls of the test.
  await page.evaluate(() => {
    const w = window as any;
    w.__e2eLoadedOnce = true;
    w.__e2eStates = [];
    const read = () => {
      const heading = document.getElementById(
        'rollout-sandbox-supply-chain-inventory-service',
      );
      const bar = document.querySelector(
        '[role="progressbar"][aria-label="Updated replicas of inventory-service"]',
      );
      const state = `${
        heading?.parentElement?.textContent
      } | ${bar?.getAttribute('aria-valuetext')}`;
      if (w.__e2eStates.at(-1) !== state) {
        w.__e2eStates.push(state);
      }
    };
    read();
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });

  try {
    const rollout = scenario('rolling-update');
    // Mid-rollout: the phase turns "progressing" and the new revision appears.
    await expect(header).toContainText(`revision ${before + 1}`, {
      timeout: 60_000,
    });
    await shot(page, '2-rolling-update-in-progress');
    await rollout;

    await expect(header).toContainText('complete', { timeout: 60_000 });
    await expect(
      progressBar(page, 'Updated', 'inventory-service'),
    ).toHaveAttribute('aria-valuetext', '3 of 3 updated');
    const currentRow = page
      .getByRole('row')
      .filter({ hasText: 'current' })
      .filter({ hasText: `${before + 1}` });
    await expect(currentRow).toContainText('v1.3.0');
    await expect(currentRow).toContainText('3/3 ready');
    await expect(
      page.getByRole('row').filter({ hasText: 'previous' }),
    ).toContainText('v1.2.3');
    await shot(page, '3-rolling-update-complete');

    const { loadedOnce, states } = await page.evaluate(() => ({
      loadedOnce: (window as any).__e2eLoadedOnce as boolean,
      states: (window as any).__e2eStates as string[],
    }));
    expect(loadedOnce, 'the page was not reloaded').toBe(true);
    test.info().annotations.push({
      type: 'rolling-update states seen',
      description: states.join('\n'),
    });
    // In between the page showed the rollout under way: progressing, or fewer
    // than 3 of 3 pods on the new revision.
    expect(
      states.some(
        s => s.includes('progressing') || /\b[0-2] of 3 updated/.test(s),
      ),
      `states seen:\n${states.join('\n')}`,
    ).toBe(true);
  } finally {
    await scenario('reset');
  }
});

test('an owner restarts inventory-service from the browser after a confirmation', async ({
  page,
}) => {
  test.setTimeout(6 * 60_000);
  await openRolloutsTab(page, 'inventory-service');
  const header = deploymentHeader(page, 'inventory-service');
  await expect(header).toContainText('complete');
  const before = await shownRevision(page, 'inventory-service');
  const clickedAt = Date.now();

  try {
    await page.getByRole('button', { name: 'Restart' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Restart inventory-service?');
    await expect(dialog).toContainText(
      'Restart inventory-service in cluster sandbox:',
    );
    await shot(page, '4-restart-confirmation');
    await dialog.getByRole('button', { name: 'Restart' }).click();

    await expect(dialog).toBeHidden();
    await expect(
      page.getByRole('status').filter({ hasText: /restart/i }),
    ).toBeVisible();
    // Live: a new revision rolls out and completes.
    await expect(header).toContainText(`revision ${before + 1}`, {
      timeout: 60_000,
    });
    await expect(header).toContainText('complete', { timeout: 120_000 });
    await shot(page, '5-restart-done');

    const restartedAt = await kubectl([
      '-n',
      'supply-chain',
      'get',
      'deployment',
      'inventory-service',
      '-o',
      'jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}',
    ]);
    expect(restartedAt, 'restartedAt annotation on the pod template').not.toBe(
      '',
    );
    expect(Date.parse(restartedAt)).toBeGreaterThanOrEqual(
      Math.floor(clickedAt / 1000) * 1000 - 60_000,
    );
  } finally {
    await scenario('reset');
  }
});

test('rollout actions are offered to the owner and hidden from a non-owner', async ({
  page,
}) => {
  const permissionsAnswered = () =>
    page.waitForResponse(r => r.url().includes('/api/permission/authorize'));

  let answered = permissionsAnswered();
  await openRolloutsTab(page, 'inventory-service');
  await answered;
  await expect(page.getByRole('button', { name: 'Restart' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  // The HPA owns the replica count: no Scale button, a sentence saying why.
  await expect(page.getByRole('button', { name: 'Scale…' })).toHaveCount(0);
  await expect(
    page.getByText(/Replicas are set by autoscaler inventory-service-hpa/),
  ).toBeVisible();

  answered = permissionsAnswered();
  await openRolloutsTab(page, 'order-service');
  await answered;
  await expect(deploymentHeader(page, 'order-service')).toContainText(
    'complete',
  );
  for (const name of ['Restart', 'Pause', 'Resume', 'Roll back…', 'Scale…']) {
    await expect(page.getByRole('button', { name })).toHaveCount(0);
  }
  await shot(page, '6-order-service-no-actions');
});

test('a failed MLModel shows with its reason on the service and the ML models page', async ({
  page,
}) => {
  test.setTimeout(6 * 60_000);
  try {
    await scenario('mlmodel-failed');

    await page.goto('/catalog/default/component/ml-prediction-service');
    const model = page.getByRole('listitem', {
      name: 'MLModel route-optimization-v1',
    });
    await expect(model).toContainText('failed');
    await expect(model).toContainText(
      /Failed: .*Insufficient nvidia\.com\/gpu/,
    );
    await expect(model).toContainText('route-optimization v1.0.0');
    await shot(page, '7-mlmodel-failed-card', model);

    await page.getByRole('link', { name: 'ML models', exact: true }).click();
    const onPage = page.getByRole('listitem', {
      name: 'MLModel route-optimization-v1',
    });
    await expect(onPage).toContainText(
      /Failed: .*Insufficient nvidia\.com\/gpu/,
    );
    await expect(onPage).toContainText('ML Team (via ML Prediction Service)');
    await shot(page, '8-mlmodel-failed-page');
  } finally {
    await scenario('reset');
  }
});

function loadManifests(): string {
  const docs: string[] = [
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: LOAD_NAMESPACE },
    }),
  ];
  // kwok nodes only for this load, tainted so nothing else lands on them.
  for (let n = 1; n <= LOAD_NODES; n++) {
    docs.push(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: `e2e-load-${n}`,
          annotations: { 'kwok.x-k8s.io/node': 'fake' },
          labels: { type: 'kwok', [LOAD_LABEL]: LOAD_VALUE },
        },
        spec: {
          taints: [
            { key: LOAD_LABEL, value: LOAD_VALUE, effect: 'NoSchedule' },
          ],
        },
        status: {
          allocatable: { cpu: '64', memory: '256Gi', pods: '300' },
          capacity: { cpu: '64', memory: '256Gi', pods: '300' },
        },
      }),
    );
  }
  return docs.join('\n---\n');
}

function loadDeployment(index: number): string {
  const name = `load-${String(index).padStart(3, '0')}`;
  const labels = { [LOAD_LABEL]: LOAD_VALUE, app: name };
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: LOAD_NAMESPACE, labels },
    spec: {
      replicas: LOAD_REPLICAS,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { [LOAD_LABEL]: LOAD_VALUE },
          tolerations: [
            { key: LOAD_LABEL, operator: 'Equal', value: LOAD_VALUE },
          ],
          containers: [{ name: 'app', image: `e2e/load:${name}` }],
        },
      },
    },
  });
}

async function deleteLoad() {
  await kubectl([
    'delete',
    'namespace',
    LOAD_NAMESPACE,
    '--ignore-not-found',
    '--timeout=300s',
  ]);
  await kubectl([
    'delete',
    'nodes',
    '-l',
    `${LOAD_LABEL}=${LOAD_VALUE}`,
    '--ignore-not-found',
  ]);
}

test(`time until the Rollouts tab shows ${LOAD_DEPLOYMENTS} Deployments with ${
  LOAD_DEPLOYMENTS * LOAD_REPLICAS
} pods`, async ({ page }) => {
  test.setTimeout(20 * 60_000);
  await deleteLoad();
  await kubectl(['apply', '-f', '-'], loadManifests());
  await kubectl([
    'wait',
    '--for=condition=Ready',
    'node',
    '-l',
    `${LOAD_LABEL}=${LOAD_VALUE}`,
    '--timeout=120s',
  ]);
  // Bounded batches: each batch's pods are running before the next one starts.
  const createStart = Date.now();
  for (let first = 0; first < LOAD_DEPLOYMENTS; first += LOAD_BATCH) {
    const batch = Array.from(
      { length: Math.min(LOAD_BATCH, LOAD_DEPLOYMENTS - first) },
      (_, i) => loadDeployment(first + i),
    );
    await kubectl(['apply', '-f', '-'], batch.join('\n---\n'));
    await kubectl([
      '-n',
      LOAD_NAMESPACE,
      'wait',
      '--for=condition=Available',
      'deployment',
      ...batch.map(d => JSON.parse(d).metadata.name),
      '--timeout=300s',
    ]);
  }
  const readyPods = (
    await kubectl([
      '-n',
      LOAD_NAMESPACE,
      'get',
      'pods',
      '--field-selector=status.phase=Running',
      '-o',
      'name',
    ])
  )
    .trim()
    .split('\n').length;
  expect(readyPods).toBe(LOAD_DEPLOYMENTS * LOAD_REPLICAS);
  const createSeconds = (Date.now() - createStart) / 1000;

  const openedAt = Date.now();
  const response = page.waitForResponse(
    r =>
      r.url().includes('/api/rollouts/') &&
      r.url().endsWith('/e2e-rollouts-load/rollouts'),
    { timeout: 5 * 60_000 },
  );
  await page.goto('/catalog/default/resource/e2e-rollouts-load/rollouts');
  const answered = await response;
  const apiMs = Date.now() - openedAt;
  const cards = page
    .getByRole('region', { name: 'Cluster sandbox' })
    .getByRole('heading', { level: 3 });
  await expect(cards).toHaveCount(LOAD_DEPLOYMENTS, { timeout: 5 * 60_000 });
  const shownMs = Date.now() - openedAt;
  const allAvailable = page.locator(
    `[role="progressbar"][aria-label^="Available replicas of load-"][aria-valuetext="${LOAD_REPLICAS} of ${LOAD_REPLICAS} available"]`,
  );
  await expect(allAvailable).toHaveCount(LOAD_DEPLOYMENTS, {
    timeout: 5 * 60_000,
  });
  const completeMs = Date.now() - openedAt;
  await shot(page, '9-load-100-deployments');

  const bytes = (await answered.body()).length;
  const summary = `${LOAD_DEPLOYMENTS} Deployments / ${readyPods} pods: API answered in ${apiMs} ms (${Math.round(
    bytes / 1024,
  )} KiB), all ${LOAD_DEPLOYMENTS} Deployments shown ${shownMs} ms after navigation (all with ${LOAD_REPLICAS} of ${LOAD_REPLICAS} available at ${completeMs} ms); creating them took ${createSeconds.toFixed(
    0,
  )} s`;
  test.info().annotations.push({ type: 'timing', description: summary });
  // eslint-disable-next-line no-console
  console.log(`[rollouts timing] ${summary}`);
});
