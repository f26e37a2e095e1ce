import { APIRequestContext, expect, Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
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
const repoRoot = resolve(__dirname, '../../..');

/** kubectl with the sandbox's KUBECONFIG (this process's environment); `input` goes to its stdin. */
export async function kubectl(args: string[], input?: string): Promise<string> {
  if (!process.env.KUBECONFIG) {
    throw new Error(
      'KUBECONFIG is not set: run the e2e tests with the sandbox environment (. <sandbox state>/env.sh)',
    );
  }
  const child = run('kubectl', args, {
    env: process.env,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10 * 60_000,
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    return (await child).stdout;
  } catch (error: any) {
    throw new Error(
      `kubectl ${args.join(' ')} failed: ${error.stderr || error.message}`,
    );
  }
}

/**
 * `sandbox/bin/scenario.sh <args>` on the sandbox of this process's environment
 * (`. <state>/env.sh`, plus SANDBOX_STATE / SANDBOX_PORT_OFFSET for another one);
 * returns what it printed.
 */
export async function scenario(...args: string[]): Promise<string> {
  try {
    return (
      await run(resolve(repoRoot, 'sandbox/bin/scenario.sh'), args, {
        cwd: repoRoot,
        env: process.env,
        maxBuffer: 16 * 1024 * 1024,
        timeout: 5 * 60_000,
      })
    ).stdout;
  } catch (error: any) {
    throw new Error(
      `sandbox scenario ${args.join(' ')} failed: ${
        error.stderr || error.message
      }`,
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
