import { test, expect, Page } from '@playwright/test';
import { signIn } from './portal';

const services = [
  {
    name: 'inventory-service',
    title: 'Inventory Service',
    owner: 'Inventory Team',
  },
  { name: 'order-service', title: 'Order Service', owner: 'Fulfillment Team' },
  {
    name: 'shipping-service',
    title: 'Shipping Service',
    owner: 'Fulfillment Team',
  },
  {
    name: 'ml-prediction-service',
    title: 'ML Prediction Service',
    owner: 'ML Team',
  },
];

test.beforeEach(async ({ page }) => {
  // An uncaught exception in the app (e.g. duplicate @backstage packages) fails the test.
  page.on('pageerror', error => {
    throw new Error(`Uncaught exception on page: ${error}`);
  });
});

test('the catalog lists the four services with their owners', async ({
  page,
}) => {
  await signIn(page);
  await page
    .getByTestId('sidebar-root')
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  // The guest's team owns one service: switch the owner filter to "All". On a fresh
  // database the catalog may still be ingesting, so retry until the list is there.
  await expect(async () => {
    await page.getByRole('menuitem', { name: /^All/ }).click();
    await expect(
      page.getByRole('heading', { name: /^All Components \(8\)/ }).first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  for (const { title, owner } of services) {
    const row = page.getByRole('row').filter({
      has: page.getByRole('link', { name: title, exact: true }),
    });
    await expect(row).toBeVisible();
    await expect(row.getByRole('link', { name: owner })).toBeVisible();
  }
});

for (const { name, title, owner } of services) {
  test(`the ${name} page renders its overview`, async ({ page }) => {
    await signIn(page);
    await page.goto(`/catalog/default/component/${name}`);
    await expect(
      page.getByRole('heading', { name: title, exact: true }).first(),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: owner }).first()).toBeVisible();
    await expect(page.getByText(/something went wrong|error:/i)).toHaveCount(0);
  });
}
