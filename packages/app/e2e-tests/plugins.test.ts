import { test, expect, Page } from '@playwright/test';
import { signIn } from './portal';

/**
 * The portal's own plugins against the sandbox's real cluster and Argo CD
 * (`make test` starts the sandbox before this tier). "Enter" signs in as
 * aisha.bello of inventory-team: an owner of inventory-service, not of order-service.
 */

test.beforeEach(async ({ page }) => {
  page.on('pageerror', error => {
    throw new Error(`Uncaught exception on page: ${error}`);
  });
  await signIn(page);
});

test('a service page shows its boundaries and its Argo CD application', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/inventory-service');
  await expect(page.getByText('Product catalog management')).toBeVisible();
  await expect(
    page.getByText('Inventory allocation/deallocation'),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /Open in Argo CD/ }),
  ).toBeVisible();
});

test('the rollouts tab shows the live Deployment and offers actions to its owners only', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/inventory-service/rollouts');
  await expect(
    page.getByRole('heading', { name: 'Cluster sandbox' }),
  ).toBeVisible();
  await expect(page.getByText('Revisions of inventory-service')).toBeVisible();
  await expect(
    page.getByText(/Autoscaler inventory-service-hpa/),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restart' })).toBeVisible();

  await page.goto('/catalog/default/component/order-service/rollouts');
  await expect(page.getByText('Revisions of order-service')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restart' })).toHaveCount(0);
});

test('the ML models card lists the models the cluster serves', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/ml-prediction-service');
  await expect(page.getByText('demand-forecasting-v2').first()).toBeVisible();
});
