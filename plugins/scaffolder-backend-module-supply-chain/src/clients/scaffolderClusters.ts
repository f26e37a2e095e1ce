import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { readClusterLocatorMethods } from '@supply-chain/plugin-rollouts-node';

/**
 * A cluster with the scaffolder's credential: the official plugin's
 * `kubernetes.clusterLocatorMethods` (read by rollouts-node) with their
 * `serviceAccountToken`, replaced by `supplyChain.scaffolder.clusters` of the
 * same name (url, CA, TLS and the scaffolder's own `token`). Only the token
 * of that block is sent, never the token mounted into the portal's pod; no
 * token: no credential.
 */
function withToken(cluster: ClusterDetails, token?: string): ClusterDetails {
  return {
    ...cluster,
    authMetadata: token
      ? {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: token,
        }
      : { 'kubernetes.io/auth-provider': 'anonymous' },
  };
}

/** The clusters the scaffolder may apply to, by name. */
export function readScaffolderClusters(config: Config): ClusterDetails[] {
  const byName = new Map<string, ClusterDetails>();
  for (const c of readClusterLocatorMethods(config).clusters) {
    byName.set(c.name, withToken(c, c.authMetadata.serviceAccountToken));
  }
  for (const c of config.getOptionalConfigArray(
    'supplyChain.scaffolder.clusters',
  ) ?? []) {
    const cluster: ClusterDetails = {
      name: c.getString('name'),
      url: c.getString('url'),
      caData: c.getOptionalString('caData'),
      caFile: c.getOptionalString('caFile'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
      authMetadata: {},
    };
    byName.set(cluster.name, withToken(cluster, c.getOptionalString('token')));
  }
  return [...byName.values()];
}

/** The named cluster, or an InputError naming the field and the known clusters. */
export function pickCluster(config: Config, name: string): ClusterDetails {
  const clusters = readScaffolderClusters(config);
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
