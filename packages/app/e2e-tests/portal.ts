import { APIRequestContext, expect, Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * What differs between the two servers the specs run against: the development run
 * (playwright.config.ts: frontend dev server on 3100, backend on 7100) and the
 * production build (playwright.production.config.ts: one origin, set through these
 * variables by that config).
 */
export const backendUrl =
  process.env.E2E_BACKEND_URL ?? 'http://localhost:7100';
/** `auth.environment` of the server: the guest refresh is asked for in it. */
export const authEnvironment = process.env.E2E_AUTH_ENV ?? 'development';
export const target = process.env.E2E_TARGET ?? 'development';

const run = promisify(execFile);

/** kubectl with the sandbox's KUBECONFIG (this process's environment). */
export async function kubectl(args: string[]): Promise<string> {
  if (!process.env.KUBECONFIG) {
    throw new Error(
      'KUBECONFIG is not set: run the e2e tests with the sandbox environment (. <sandbox state>/env.sh)',
    );
  }
  try {
    return (
      await run('kubectl', args, {
        env: process.env,
        maxBuffer: 16 * 1024 * 1024,
        timeout: 2 * 60_000,
      })
    ).stdout;
  } catch (error: any) {
    throw new Error(
      `kubectl ${args.join(' ')} failed: ${error.stderr || error.message}`,
    );
  }
}

/** "Enter": guest sign-in as aisha.bello of inventory-team. */
export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByTestId('sidebar-root')
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** A backend token of the guest (the identity the browser signs in with). */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get(
    `${backendUrl}/api/auth/guest/refresh?optional=&env=${authEnvironment}`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(res.ok(), `guest refresh: HTTP ${res.status()}`).toBe(true);
  return (await res.json()).backstageIdentity.token;
}
