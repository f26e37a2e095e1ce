import { test, expect, Page } from '@playwright/test';
import { scenario, signIn } from './portal';

/**
 * The owners' notifications in Chromium: "Enter" signs in as aisha.bello of
 * inventory-team, so a crash loop of inventory-service (the sandbox's
 * `crash-loop inventory-service`) is a problem of her team. The attention
 * backend notifies the owning group once; her /notifications page shows that one
 * notification, its link opens the Rollouts tab, and `reset` turns the same
 * notification into "Resolved: …" (updated in place, not a second one).
 */

test.describe.configure({ timeout: 10 * 60_000 });

const OPENED = /^inventory-service: \d+ pods? (is|are) crash-looping$/;
const RESOLVED =
  /^Resolved: inventory-service: \d+ pods? (is|are) crash-looping$/;

/** Reloads /notifications until `check` holds (the list is read on load). */
async function onNotificationsPage(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.goto('/notifications');
    await check();
  }).toPass({ timeout: 3 * 60_000, intervals: [2_000, 5_000] });
}

test.afterAll(async () => {
  test.setTimeout(5 * 60_000);
  await scenario('reset');
});

test("a crash loop of the guest's team's service reaches her notifications once, links to the Rollouts tab, and reads 'Resolved' after reset", async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('pageerror', error =>
    consoleErrors.push(`uncaught on ${page.url()}: ${error}`),
  );
  await signIn(page);
  await page.goto('/notifications');
  await expect(page.getByText(OPENED)).toHaveCount(0);
  await expect(page.getByText(RESOLVED)).toHaveCount(0);

  await scenario('crash-loop', 'inventory-service');
  await onNotificationsPage(page, async () => {
    await expect(page.getByText(OPENED)).toHaveCount(1, { timeout: 5_000 });
  });
  await page.getByText(OPENED).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/inventory-service\/rollouts$/,
  );
  await expect(page.getByText('CrashLoopBackOff').first()).toBeVisible({
    timeout: 60_000,
  });

  await scenario('reset');
  // resolved once gone for attention.resolveAfterSeconds (60 s by default)
  await onNotificationsPage(page, async () => {
    await expect(page.getByText(RESOLVED)).toHaveCount(1, { timeout: 5_000 });
    await expect(page.getByText(OPENED)).toHaveCount(0, { timeout: 5_000 });
  });
  expect(consoleErrors, 'uncaught errors').toEqual([]);
});
