import { test, expect, Page } from '@playwright/test';
import { kubectl, scenario, signIn } from './portal';

/**
 * The seeded Argo Rollouts on their services' Rollouts tab (read-only), in Chromium
 * against the sandbox's real Argo Rollouts controller: payment-service (canary on Istio
 * subsets) and notification-service (blue-green). What the tab says is compared with
 * what the controller wrote into the Rollout and the VirtualService, read with kubectl.
 * The scenarios (sandbox/bin/scenario.sh rollout-*) drive the controller; `reset`
 * returns both to v1.
 */

test.describe.configure({ timeout: 6 * 60_000 });

const NS = 'progressive-delivery';

interface RolloutStatus {
  spec: { strategy: { canary?: { steps?: unknown[] } } };
  status: {
    phase?: string;
    message?: string;
    abort?: boolean;
    currentStepIndex?: number;
    canary?: { weights?: { canary: { weight: number } } };
    blueGreen?: { activeSelector?: string; previewSelector?: string };
  };
}

async function rolloutFromCluster(name: string): Promise<RolloutStatus> {
  return JSON.parse(
    await kubectl(['-n', NS, 'get', 'rollout', name, '-o', 'json']),
  );
}

/** The weight the VirtualService's route sends to the canary subset, as the controller set it. */
async function canaryWeightInVirtualService(): Promise<number> {
  const vs = JSON.parse(
    await kubectl([
      '-n',
      NS,
      'get',
      'virtualservices.networking.istio.io',
      'payment-service',
      '-o',
      'json',
    ]),
  );
  const routes: Array<{ destination: { subset: string }; weight?: number }> =
    vs.spec.http.flatMap((h: any) => h.route ?? []);
  return routes.find(r => r.destination.subset === 'canary')?.weight ?? 0;
}

/** The body of one Rollout's card: the section its heading names. */
const card = (page: Page, name: string) =>
  page.getByRole('region', { name, exact: true });

/** The header line of its card: name, status chip, namespace, strategy, step. */
const header = (page: Page, name: string) =>
  page.locator(`[id="argo-rollout-sandbox-${NS}-${name}"]`).locator('xpath=..');

async function openTab(page: Page, service: string) {
  await page.goto(`/catalog/default/component/${service}/rollouts`);
  await expect(card(page, service)).toBeVisible({ timeout: 60_000 });
}

test.beforeAll(async () => {
  test.setTimeout(5 * 60_000);
  await scenario('reset');
});

test.afterAll(async () => {
  test.setTimeout(5 * 60_000);
  await scenario('reset');
});

test('the canary of payment-service pauses at 20 % live on its Rollouts tab, in the words and weights the controller set', async ({
  page,
}) => {
  const failures: string[] = [];
  page.on('pageerror', error => failures.push(`uncaught: ${error}`));
  await signIn(page);
  await openTab(page, 'payment-service');
  const rollout = card(page, 'payment-service');
  await expect(
    header(page, 'payment-service').getByLabel('Status: Healthy'),
  ).toBeVisible();
  await expect(
    rollout.getByRole('list', { name: 'Steps of payment-service' }),
  ).toContainText('analysis: payment-service-success-rate');

  // the page is not reloaded: the tab follows the controller
  await scenario('rollout-canary');
  await expect(
    header(page, 'payment-service').getByLabel('Status: Paused'),
  ).toBeVisible({
    timeout: 60_000,
  });
  const fromCluster = await rolloutFromCluster('payment-service');
  const steps = fromCluster.spec.strategy.canary?.steps?.length;
  const index = fromCluster.status.currentStepIndex;
  const weight = fromCluster.status.canary?.weights?.canary.weight;
  expect(weight).toBe(20);
  await expect(rollout).toContainText(
    `Paused at step ${index}/${steps} with ${weight}% to the canary`,
  );
  await expect(
    rollout.getByRole('listitem').filter({ hasText: '(current)' }),
  ).toHaveText(/pause/);
  const vsWeight = await canaryWeightInVirtualService();
  expect(vsWeight).toBe(20);
  await expect(
    rollout
      .getByRole('table', { name: 'VirtualService weights' })
      .getByRole('row')
      .filter({ hasText: 'canary' }),
  ).toContainText(`${vsWeight}%`);
  expect(failures).toEqual([]);
});

test('a failing analysis shows the canary aborted with the controller’s message and the failed AnalysisRun', async ({
  page,
}) => {
  await signIn(page);
  await openTab(page, 'payment-service');
  const rollout = card(page, 'payment-service');
  await scenario('rollout-analysis-fail');
  const fromCluster = await rolloutFromCluster('payment-service');
  expect(fromCluster.status.abort).toBe(true);
  expect(fromCluster.status.phase).toBe('Degraded');
  await expect(
    header(page, 'payment-service').getByLabel('Status: Aborted'),
  ).toBeVisible({
    timeout: 60_000,
  });
  await expect(rollout).toContainText(fromCluster.status.message!);
  await expect(rollout.getByLabel('Analysis: Failed').first()).toBeVisible();
});

test('the blue-green notification-service shows its active and preview Services selecting what the controller set', async ({
  page,
}) => {
  await signIn(page);
  await openTab(page, 'notification-service');
  const rollout = card(page, 'notification-service');
  const { blueGreen } = (await rolloutFromCluster('notification-service'))
    .status;
  expect(blueGreen?.activeSelector).toBeTruthy();
  const services = rollout.getByRole('table', { name: 'Services' });
  await expect(
    services.getByRole('row').filter({ hasText: 'active' }),
  ).toContainText(blueGreen!.activeSelector!);
  await expect(
    services.getByRole('row').filter({ hasText: 'preview' }),
  ).toContainText('notification-service-preview');
  await expect(
    header(page, 'notification-service').getByLabel('Status: Healthy'),
  ).toBeVisible();
});
