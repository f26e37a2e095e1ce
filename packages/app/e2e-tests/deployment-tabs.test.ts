import { test, expect } from '@playwright/test';
import { kubectl, signIn } from './portal';

/**
 * The tabs of a seed service that show live data from the sandbox's Argo CD and
 * cluster, and the Create page; run against the development server and the
 * production build alike. What the page shows is compared with what kubectl reads
 * from the sandbox at the same moment.
 */

const SERVICE = 'inventory-service';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', error => {
    throw new Error(`Uncaught exception on page: ${error}`);
  });
  await signIn(page);
});

test('the Argo CD tab shows the live sync and health of the application', async ({
  page,
}) => {
  const [sync, health, revision] = (
    await kubectl([
      '-n',
      'argocd',
      'get',
      'application',
      SERVICE,
      '-o',
      'jsonpath={.status.sync.status}/{.status.health.status}/{.status.sync.revision}',
    ])
  ).split('/');
  expect(sync, 'the sandbox has the Argo CD application').toBeTruthy();

  await page.goto(`/catalog/default/component/${SERVICE}/argocd`);
  const card = page
    .locator('div')
    .filter({ has: page.getByText(`${SERVICE} · sandbox`, { exact: true }) })
    .filter({ has: page.getByText('History', { exact: true }) })
    .last();
  await expect(card).toBeVisible();
  // the chips read e.g. "✓ Synced", "✓ Healthy"
  const chip = (status: string) =>
    card.getByText(new RegExp(`^\\W*${status}$`));
  await expect(chip(sync).first()).toBeVisible();
  await expect(chip(health).first()).toBeVisible();
  // the history's current row is the revision Argo CD has synced
  await expect(
    card
      .getByRole('row')
      .filter({ hasText: 'current' })
      .filter({ hasText: revision.slice(0, 7) }),
  ).toBeVisible();
  await expect(
    card.getByRole('link', { name: 'Open in Argo CD' }),
  ).toBeVisible();
  await expect(page.getByText(/Argo CD is unavailable|error:/i)).toHaveCount(0);
});

test('the Kubernetes tab shows the pods the cluster runs for the service', async ({
  page,
}) => {
  const pods = (
    await kubectl([
      '-n',
      'supply-chain',
      'get',
      'pods',
      '-l',
      `backstage.io/kubernetes-id=${SERVICE}`,
      '--field-selector=status.phase=Running',
      '-o',
      'jsonpath={.items[*].metadata.name}',
    ])
  )
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  expect(pods.length, 'running pods of the service').toBeGreaterThan(0);

  await page.goto(`/catalog/default/component/${SERVICE}/kubernetes`);
  await expect(
    page.getByText('sandbox', { exact: true }).first(),
  ).toBeVisible();
  await expect(
    page.getByText(`${pods.length} pods`, { exact: true }).first(),
  ).toBeVisible();
  await expect(
    page.getByText(/Error communicating with Kubernetes/i),
  ).toHaveCount(0);
});

test('the Create page offers the Go microservice template', async ({
  page,
}) => {
  await page
    .getByRole('link', { name: /^Create/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/create/);
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Go microservice', { exact: true }) });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card.getByRole('button', { name: 'Choose' })).toBeVisible();
});
