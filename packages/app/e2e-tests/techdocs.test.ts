import { test, expect } from '@playwright/test';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signIn } from './portal';

/**
 * A seed service's TechDocs tab in the development run: the backend builds the site from
 * catalog/techdocs/<name>/ with the mkdocs of .tools/ (techdocs.builder: local) when the tab
 * is opened, publishes it under e2e/app-config.e2e.yaml's publishDirectory, and the tab
 * shows it. Development only: production builds docs in CI (app-config.production.yaml).
 */

const SERVICE = 'inventory-service';
const root = resolve(__dirname, '../../..');
const publishedSite = join(
  root,
  'node_modules/.cache/e2e-techdocs/default/component',
  SERVICE,
);
const mkdocsYml = join(root, 'catalog/techdocs', SERVICE, 'mkdocs.yml');

test.beforeEach(async ({ page }) => {
  page.on('pageerror', error => {
    throw new Error(`Uncaught exception on page: ${error}`);
  });
});

test('the TechDocs tab of inventory-service shows its docs, built in this run', async ({
  page,
}) => {
  // no site from an earlier run: the tab must show one this backend built
  rmSync(publishedSite, { recursive: true, force: true });
  const mkdocsYmlBefore = readFileSync(mkdocsYml, 'utf8');

  await signIn(page);
  await page.goto(`/catalog/default/component/${SERVICE}`);
  // the entity page's tabs are links
  await page.getByRole('link', { name: 'TechDocs', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/component/${SERVICE}/docs`));

  // the first build runs mkdocs: give it time on a loaded machine
  await expect(
    page.getByText('is the source of truth for products and stock'),
  ).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText('Missing Annotation')).toHaveCount(0);
  await expect(
    page
      .getByRole('cell', { name: 'Stock level tracking' })
      .or(
        page
          .getByRole('listitem')
          .filter({ hasText: /^Stock level tracking$/ }),
      ),
  ).toBeVisible();

  // the runbook page, through the site's own navigation
  await page
    .getByRole('link', { name: 'Stuck rollout runbook', exact: true })
    .first()
    .click();
  await expect(
    page.getByRole('heading', { name: /^Stuck rollout runbook/, level: 1 }),
  ).toBeVisible();
  await expect(
    page
      .getByText(
        'kubectl -n supply-chain rollout status deployment/inventory-service',
      )
      .first(),
  ).toBeVisible();

  expect(existsSync(join(publishedSite, 'index.html'))).toBe(true);
  // TechDocs rewrites mkdocs.yml of a dir: site before building; ours is in the form it
  // writes, so the checkout stays clean
  expect(readFileSync(mkdocsYml, 'utf8')).toBe(mkdocsYmlBefore);
});
