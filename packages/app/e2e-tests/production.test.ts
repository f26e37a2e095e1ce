import { test, expect } from '@playwright/test';
import { backendUrl, guestToken, signIn, target } from './portal';

/**
 * Production build only (playwright.production.config.ts; playwright.config.ts ignores
 * this file): what holds for the server a company deploys and not for the development
 * server. scripts/production.sh starts that server (NODE_ENV=production, the backend
 * bundle with production dependencies, the built frontend served by the backend).
 */

test.beforeAll(() => {
  expect(
    target,
    'run through playwright.production.config.ts (scripts/production.sh)',
  ).toBe('production');
});

/** Values of the sandbox's credentials in this process's environment. */
function secretsInEnvironment(): string[] {
  return Object.entries(process.env)
    .filter(([name]) => /TOKEN|PASSWORD|SECRET/.test(name))
    .map(([, value]) => value ?? '')
    .filter(value => value.length >= 12);
}

test('the portal is the built frontend, served by the backend with its configuration injected', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('request', request => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  expect(new URL(response!.url()).origin).toBe(new URL(backendUrl).origin);
  const html = await response!.text();

  // Hashed bundles from /static, and none of the development server's hot reload.
  await signIn(page);
  expect(scripts.length).toBeGreaterThan(0);
  for (const url of scripts) {
    expect(url).toMatch(
      new RegExp(
        `^${backendUrl}/static/[\\w.-]+\\.[0-9a-f]{8,}(\\.chunk)?\\.js$`,
      ),
    );
  }
  expect(scripts.join('\n')).not.toMatch(/hot-update|webpack-dev-server|hmr/i);

  // The app-backend injects the frontend-visible configuration into index.html.
  const match = html.match(
    /<script type="backstage.io\/config">([\s\S]*?)<\/script>/,
  );
  expect(match, 'configuration injected into index.html').toBeTruthy();
  const injected = match![1];
  const data = JSON.parse(injected).map((c: any) => c.data);
  expect(data.find((d: any) => d.auth?.environment)?.auth.environment).toBe(
    'production',
  );
  expect(data.find((d: any) => d.app?.baseUrl)?.app.baseUrl).toBe(backendUrl);
  const secrets = secretsInEnvironment();
  expect(secrets.length, 'the sandbox credentials to look for').toBeGreaterThan(
    0,
  );
  for (const secret of secrets) {
    expect(html.includes(secret), 'a credential in index.html').toBe(false);
  }
  expect(injected).not.toMatch(/"(token|password|secret|clientSecret)"/i);
});

test('error responses carry no stack trace', async ({ request }) => {
  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  const json = { ...headers, 'Content-Type': 'application/json' };
  const probes: {
    what: string;
    status: number;
    send: () => ReturnType<typeof request.get>;
  }[] = [
    {
      what: 'catalog entity that does not exist',
      status: 404,
      send: () =>
        request.get(
          `${backendUrl}/api/catalog/entities/by-name/component/default/no-such-service`,
          { headers },
        ),
    },
    {
      what: 'catalog query with a bad limit',
      status: 400,
      send: () =>
        request.get(`${backendUrl}/api/catalog/entities/by-query?limit=abc`, {
          headers,
        }),
    },
    {
      what: 'catalog without a token',
      status: 401,
      send: () =>
        request.get(
          `${backendUrl}/api/catalog/entities/by-name/component/default/inventory-service`,
        ),
    },
    {
      what: 'rollouts of an entity that does not exist',
      status: 404,
      send: () =>
        request.get(
          `${backendUrl}/api/rollouts/entity/component/default/no-such-service/rollouts`,
          { headers },
        ),
    },
    {
      what: 'deployment metrics with a bad date',
      status: 400,
      send: () =>
        request.get(
          `${backendUrl}/api/deployment-metrics/entity/component/default/inventory-service/metrics?from=notadate`,
          { headers },
        ),
    },
    {
      what: 'service-boundaries batch with malformed JSON',
      status: 400,
      send: () =>
        request.post(`${backendUrl}/api/service-boundaries/owners/batch`, {
          headers: json,
          data: '{bad json',
        }),
    },
    {
      what: 'service-boundaries batch with a wrong body',
      status: 400,
      send: () =>
        request.post(`${backendUrl}/api/service-boundaries/owners/batch`, {
          headers: json,
          data: { entityRefs: 5 },
        }),
    },
    {
      what: 'permission check with a wrong body',
      status: 400,
      send: () =>
        request.post(`${backendUrl}/api/permission/authorize`, {
          headers: json,
          data: { items: [{ id: 1 }] },
        }),
    },
    {
      what: 'Kubernetes workloads query with a wrong body',
      status: 400,
      send: () =>
        request.post(`${backendUrl}/api/kubernetes/resources/workloads/query`, {
          headers: json,
          data: { entityRef: 5 },
        }),
    },
    {
      what: 'scaffolder task that does not exist',
      status: 404,
      send: () =>
        request.get(
          `${backendUrl}/api/scaffolder/v2/tasks/00000000-0000-0000-0000-000000000000`,
          { headers },
        ),
    },
  ];
  const findings: string[] = [];
  for (const probe of probes) {
    const response = await probe.send();
    const body = await response.text();
    if (response.status() !== probe.status) {
      findings.push(
        `${probe.what}: HTTP ${response.status()}, expected ${probe.status}`,
      );
    }
    if (/"stack"\s*:/.test(body) || /\n\s+at \S+ \(/.test(body)) {
      findings.push(`${probe.what}: a stack trace in ${body.slice(0, 300)}`);
    }
    if (/node_modules|\/packages\/backend\/dist/.test(body)) {
      findings.push(`${probe.what}: a file path in ${body.slice(0, 300)}`);
    }
    if (probe.status >= 400 && body.startsWith('{')) {
      // Backstage's error body: the error's name and message, never its stack
      expect(Object.keys(JSON.parse(body).error ?? {})).not.toContain('stack');
    }
  }
  expect(findings).toEqual([]);
});

test('the TechDocs tab of inventory-service shows the docs published the way CI does, with no build on the server', async ({
  page,
}) => {
  const failures: string[] = [];
  page.on('pageerror', error => failures.push(`uncaught: ${error}`));
  // scripts/production.sh published the seed sites (scripts/techdocs-publish.mjs); the
  // server's builder is 'external', so a tab showing them proves it serves what CI publishes
  await signIn(page);
  await page.goto('/catalog/default/component/inventory-service');
  await page.getByRole('link', { name: 'TechDocs', exact: true }).click();
  await expect(page).toHaveURL(/\/component\/inventory-service\/docs/);
  await expect(
    page.getByText('is the source of truth for products and stock'),
  ).toBeVisible({ timeout: 30_000 });
  await page
    .getByRole('link', { name: 'Stuck rollout runbook', exact: true })
    .first()
    .click();
  await expect(
    page.getByRole('heading', { name: /^Stuck rollout runbook/, level: 1 }),
  ).toBeVisible();
  await expect(page.getByText('Missing Annotation')).toHaveCount(0);
  expect(failures).toEqual([]);
});
