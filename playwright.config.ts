import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';

/**
 * End-to-end tests: the real portal (backend + frontend dev server) in Debian's
 * Chromium, driven by Playwright. No browser is downloaded; scripts/ensure-chromium.sh
 * installs Chromium and passes its path in CHROMIUM_PATH.
 */
// `yarn start <package>` resolves config paths from the package folder: pass them absolute.
const configArgs = [
  resolve(__dirname, 'app-config.yaml'),
  resolve(__dirname, 'e2e/app-config.e2e.yaml'),
  ...(process.env.SANDBOX_APP_CONFIG ? [process.env.SANDBOX_APP_CONFIG] : []),
]
  .map(file => `--config ${file}`)
  .join(' ');

/** Debian's Chromium, as both configurations (this one and playwright.production.config.ts) drive it. */
export const chromiumProject = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Chromium's background services try hosts this network cannot reach.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

/** How both configurations run: one worker (one sandbox), no retries, no `.only`. */
export const runSettings = {
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
};

export default defineConfig({
  ...runSettings,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  webServer: [
    {
      command: `yarn start backend ${configArgs}`,
      url: 'http://localhost:7100/.backstage/health/v1/readiness',
      reuseExistingServer: false,
      timeout: 300_000,
    },
    {
      command: `yarn start app ${configArgs}`,
      url: 'http://localhost:3100',
      reuseExistingServer: false,
      timeout: 300_000,
    },
  ],
  use: {
    baseURL: 'http://localhost:3100',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: [
    {
      name: 'portal',
      testDir: 'packages/app/e2e-tests',
      // production only: playwright.production.config.ts runs it against the built portal
      testIgnore: ['**/production.test.ts'],
      use: chromiumProject,
    },
  ],
});
