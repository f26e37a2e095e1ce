import { readSandboxEnv } from '@supply-chain/sandbox-harness';

/**
 * The sandbox's variables as app-config.sandbox.yaml reads them (its PATH is
 * left out), plus the GitOps URL scripts/sandbox-env.sh adds.
 */
export function portalSandboxEnv(stateDir: string): Record<string, string> {
  const { PATH, ...env } = readSandboxEnv(stateDir);
  return { ...env, SANDBOX_GITOPS_URL: `file://${stateDir}/gitops.git` };
}
