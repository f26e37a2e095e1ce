import fs from 'node:fs';
import https from 'node:https';
import yaml from 'yaml';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/** How the tests reach the sandbox cluster (admin token, CA as PEM). */
export type SandboxConnection = {
  name: string;
  url: string;
  token?: string;
  caData?: string;
  caFile?: string;
};

/** The connection as the scaffolder's client takes it (config form: CA base64). */
export const clusterDetails = (c: SandboxConnection): ClusterDetails => ({
  name: c.name,
  url: c.url,
  caData: c.caData ? Buffer.from(c.caData).toString('base64') : undefined,
  caFile: c.caFile,
  authMetadata: {
    'kubernetes.io/auth-provider': 'serviceAccount',
    serviceAccountToken: c.token!,
  },
});

/**
 * The sandbox's admin connection, from the KUBECONFIG that `make sandbox`
 * exports. Throws (the test fails, it does not skip) when it is missing.
 */
export function sandboxCluster(): SandboxConnection {
  const file = process.env.KUBECONFIG;
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      'KUBECONFIG is not set or missing: run `eval "$(make -s sandbox)"` first (integration tests need the sandbox)',
    );
  }
  const kubeconfig = yaml.parse(fs.readFileSync(file, 'utf8'));
  const context = kubeconfig.contexts.find(
    (c: any) => c.name === kubeconfig['current-context'],
  ).context;
  const cluster = kubeconfig.clusters.find(
    (c: any) => c.name === context.cluster,
  ).cluster;
  const user = kubeconfig.users.find((u: any) => u.name === context.user).user;
  return {
    name: 'sandbox',
    url: cluster.server,
    token: user.token,
    caData: cluster['certificate-authority-data']
      ? Buffer.from(cluster['certificate-authority-data'], 'base64').toString(
          'utf8',
        )
      : undefined,
    caFile: cluster['certificate-authority'],
  };
}

/** A raw apiserver call (GET/DELETE) for test setup and cleanup. */
export function kubeRequest(
  cluster: SandboxConnection,
  method: string,
  path: string,
): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(cluster.url + path),
      {
        method,
        ca:
          cluster.caData ??
          (cluster.caFile ? fs.readFileSync(cluster.caFile) : undefined),
        headers: {
          authorization: `Bearer ${cluster.token}`,
          accept: 'application/json',
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json: any = text;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            // /readyz and friends answer plain text
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
