import { defineConfig } from '@playwright/test';
import { chromiumProject, runSettings } from './playwright.config';

/**
 * End-to-end tests against the PRODUCTION build: the frontend built and served by the
 * backend bundle, production dependencies only, NODE_ENV=production, PostgreSQL.
 * scripts/production.sh (the `production` step of `make test`) builds and starts that
 * server, then runs this configuration with PRODUCTION_BASE_URL; it starts no server
 * itself. The specs shared with the development run (playwright.config.ts) address the
 * backend through E2E_BACKEND_URL, which is the portal's own origin here.
 */
const baseURL = process.env.PRODUCTION_BASE_URL ?? 'http://localhost:7200';
// Read by the specs (packages/app/e2e-tests/portal.ts) in every worker, which loads this file too.
process.env.E2E_BACKEND_URL = baseURL;
process.env.E2E_AUTH_ENV = 'production';
process.env.E2E_TARGET = 'production';

export default defineConfig({
  ...runSettings,
  reporter: [
    ['list'],
    [
      'html',
      {
        open: 'never',
        outputFolder: 'node_modules/.cache/e2e-test-report-production',
      },
    ],
  ],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  outputDir: 'node_modules/.cache/e2e-test-results-production',
  projects: [
    {
      name: 'production',
      testDir: 'packages/app/e2e-tests',
      // The shared specs that cost little, plus the production-only checks. Not here:
      // scaffolder.test.ts (creates a service in git, Argo CD and the cluster: minutes)
      // and the 100-Deployment load timing of rollouts.test.ts.
      testMatch: [
        'app.test.ts',
        'plugins.test.ts',
        'deployment-tabs.test.ts',
        'capacity.test.ts',
        'rollouts.test.ts',
        'argo-rollouts.test.ts',
        'notifications.test.ts',
        'home.test.ts',
        'production.test.ts',
      ],
      // Not techdocs.test.ts: it checks the development server's local builder; production's
      // builder is 'external', and production.test.ts opens the docs scripts/production.sh
      // published as a deployment's CI does.
      // Not here either: the rolling-update test, which races a rollout of a few seconds
      // against the page (it saw only the end state in 1 of 5 production runs).
      grepInvert:
        /time until the Rollouts tab shows|a rolling update moves the progress bars/,
      use: chromiumProject,
    },
  ],
});
