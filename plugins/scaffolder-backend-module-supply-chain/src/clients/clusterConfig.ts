import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How the scaffolder reaches one cluster. */
export type ClusterConnection = {
  name: string;
  url: string;
  token?: string;
  /** PEM of the CA that signed the apiserver certificate */
  caData?: string;
  caFile?: string;
  skipTLSVerify?: boolean;
};

function fromConfig(c: Config, tokenKey: string): ClusterConnection {
  const caData = c.getOptionalString('caData');
  return {
    name: c.getString('name'),
    url: c.getString('url').replace(/\/+$/, ''),
    token: c.getOptionalString(tokenKey),
    caData: caData ? Buffer.from(caData, 'base64').toString('utf8') : undefined,
    caFile: c.getOptionalString('caFile'),
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
  };
}

/**
 * Clusters the scaffolder may apply to: `supplyChain.scaffolder.clusters`
 * (a write-capable token, separate from the portal's read token) first, then
 * the official plugin's `kubernetes.clusterLocatorMethods` (type `config`,
 * `serviceAccountToken`).
 */
export function readClusterConnections(config: Config): ClusterConnection[] {
  const own = (
    config.getOptionalConfigArray('supplyChain.scaffolder.clusters') ?? []
  ).map(c => fromConfig(c, 'token'));
  const located = (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  )
    .filter(m => m.getString('type') === 'config')
    .flatMap(m => m.getOptionalConfigArray('clusters') ?? [])
    .map(c => fromConfig(c, 'serviceAccountToken'));
  const byName = new Map<string, ClusterConnection>();
  for (const c of [...located, ...own]) {
    byName.set(c.name, c);
  }
  return [...byName.values()];
}

/** The named cluster, or an InputError naming the field and the known clusters. */
export function pickCluster(
  clusters: ClusterConnection[],
  name: string,
): ClusterConnection {
  const cluster = clusters.find(c => c.name === name);
  if (!cluster) {
    throw new InputError(
      `cluster: '${name}' is not configured (known: ${
        clusters.map(c => c.name).join(', ') || 'none'
      })`,
    );
  }
  return cluster;
}
