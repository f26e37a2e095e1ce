import { defineConfig } from '@playwright/test';
// The Chromium launch options every Playwright run of the repo shares (the root config is no package)
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { chromiumProject } from '../../../playwright.config';

/**
 * The page-load bench (scripts/bench-pageload.sh starts the servers and runs this):
 * Debian's Chromium, one worker, no retries; the spec prints its figures.
 */
export default defineConfig({
  timeout: 60 * 60_000,
  expect: { timeout: 5 * 60_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../../node_modules/.cache/bench-pageload-results',
  projects: [
    {
      name: 'pageload',
      testDir: '.',
      testMatch: 'pageLoad.bench.ts',
      use: chromiumProject,
    },
  ],
});
