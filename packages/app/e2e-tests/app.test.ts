import { test, expect, Page } from '@playwright/test';

const services = [
  { name: 'inventory-service', owner: 'inventory-team' },
  { name: 'order-service', owner: 'fulfillment-team' },
  { name: 'shipping-service', owner: 'fulfillment-team' },
  { name: 'ml-prediction-service', owner: 'ml-team' },
];

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('navigation', { name: 'sidebar nav' }),
  ).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  // An uncaught exception in the app (e.g. duplicate @backstage packages) fails the test.
  page.on('pageerror', error => {
    throw new Error(`Uncaught exception on page: ${error}`);
  });
});

test('the catalog lists the four services with their owners', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  for (const { name, owner } of services) {
    const row = page.getByRole('row').filter({
      has: page.getByRole('link', { name, exact: true }),
    });
    await expect(row).toBeVisible();
    await expect(row.getByRole('link', { name: owner })).toBeVisible();
  }
});

for (const { name, owner } of services) {
  test(`the ${name} page renders its overview`, async ({ page }) => {
    await signInAsGuest(page);
    await page.goto(`/catalog/default/component/${name}`);
    await expect(
      page.getByRole('heading', { name, exact: true }).first(),
    ).toBeVisible();
    await expect(page.getByText(owner).first()).toBeVisible();
    await expect(page.getByText(/error|went wrong/i)).toHaveCount(0);
  });
}
