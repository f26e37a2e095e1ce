import { test, expect, Page } from '@playwright/test';
import { scenario, signIn } from './portal';

/**
 * The owners' notifications in Chromium: "Enter" signs in as aisha.bello of
 * inventory-team, so a crash loop or a stalled rollout of inventory-service
 * (the sandbox's `crash-loop inventory-service`, `stalled-rollout
 * inventory-service`) is a problem of her team. The attention backend notifies
 * the owning group once; her /notifications page shows that one notification,
 * its link opens the Rollouts tab, which says why, and `reset` turns the same
 * notification into "Resolved: …" (updated in place, not a second one).
 */

test.describe.configure({ timeout: 10 * 60_000 });

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

const cases = [
  {
    name: 'a crash loop',
    scenario: ['crash-loop', 'inventory-service'],
    opened: /^inventory-service: \d+ pods? (is|are) crash-looping$/,
    resolved: /^Resolved: inventory-service: \d+ pods? (is|are) crash-looping$/,
    explained: (page: Page) => page.getByText('CrashLoopBackOff').first(),
  },
  {
    name: 'a stalled rollout',
    scenario: ['stalled-rollout', 'inventory-service'],
    opened: /^inventory-service: rollout stalled$/,
    resolved: /^Resolved: inventory-service: rollout stalled$/,
    explained: (page: Page) =>
      page.getByText(/exceeded its progress deadline/).first(),
  },
];

for (const c of cases) {
  test(`${c.name} of the guest's team's service reaches her notifications once, links to the Rollouts tab, and reads 'Resolved' after reset`, async ({
    page,
  }) => {
    const consoleErrors: string[] = [];
    page.on('pageerror', error =>
      consoleErrors.push(`uncaught on ${page.url()}: ${error}`),
    );
    await signIn(page);
    await page.goto('/notifications');
    await expect(page.getByText(c.opened)).toHaveCount(0);
    await expect(page.getByText(c.resolved)).toHaveCount(0);

    await scenario(...c.scenario);
    await onNotificationsPage(page, async () => {
      await expect(page.getByText(c.opened)).toHaveCount(1, { timeout: 5_000 });
    });
    await page.getByText(c.opened).click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/inventory-service\/rollouts$/,
    );
    await expect(c.explained(page)).toBeVisible({ timeout: 60_000 });

    await scenario('reset');
    // resolved once gone for attention.resolveAfterSeconds (60 s by default)
    await onNotificationsPage(page, async () => {
      await expect(page.getByText(c.resolved)).toHaveCount(1, {
        timeout: 5_000,
      });
      await expect(page.getByText(c.opened)).toHaveCount(0, { timeout: 5_000 });
    });
    expect(consoleErrors, 'uncaught errors').toEqual([]);
  });
}
