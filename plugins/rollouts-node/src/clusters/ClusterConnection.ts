import { Config } from '@backstage/config';
import type {
  AuthMetadata,
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { readFile } from 'node:fs/promises';

/** The official plugin's auth provider annotation key. */
const AUTH_PROVIDER = 'kubernetes.io/auth-provider';
const API_SERVER = 'kubernetes.io/api-server';
const API_SERVER_CA = 'kubernetes.io/api-server-certificate-authority';
const SKIP_TLS_VERIFY = 'kubernetes.io/skip-tls-verify';
const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * `serviceAccount`: the `serviceAccountToken` of the cluster's config, or, when none
 * is given, the token mounted into the pod the portal runs in (like the official plugin).
 * @public
 */
export class ServiceAccountTokenStrategy implements AuthenticationStrategy {
  async getCredential(cluster: ClusterDetails): Promise<KubernetesCredential> {
    const token = cluster.authMetadata.serviceAccountToken;
    if (token) return { type: 'bearer token', token };
    const mounted = (await readFile(IN_CLUSTER_TOKEN, 'utf8')).trim();
    return { type: 'bearer token', token: mounted };
  }
  validateCluster(): Error[] {
    return [];
  }
  presentAuthMetadata(): AuthMetadata {
    return {};
  }
}

/** `localKubectlProxy` (and `anonymous`): no credential; `kubectl proxy` adds its own. @public */
export class NoCredentialStrategy implements AuthenticationStrategy {
  async getCredential(): Promise<KubernetesCredential> {
    return { type: 'anonymous' };
  }
  validateCluster(): Error[] {
    return [];
  }
  presentAuthMetadata(): AuthMetadata {
    return {};
  }
}

/** Auth providers the rollouts cache can use, by `authProvider` name. @public */
export const defaultAuthStrategies: Record<string, AuthenticationStrategy> = {
  serviceAccount: new ServiceAccountTokenStrategy(),
  localKubectlProxy: new NoCredentialStrategy(),
  anonymous: new NoCredentialStrategy(),
};

/** What `kubernetes.clusterLocatorMethods` says, before catalog clusters are looked up. @public */
export interface ClusterLocatorResult {
  /** clusters of `type: config` and `type: localKubectlProxy` */
  clusters: ClusterDetails[];
  /** true when a `type: catalog` locator is configured */
  catalog: boolean;
  /** locator types this cache does not support (e.g. gke), named for the logs */
  unsupported: string[];
}

/**
 * Reads `kubernetes.clusterLocatorMethods` the way the official plugin does
 * (`type: config` clusters with name, url, authProvider, serviceAccountToken,
 * caData, caFile, skipTLSVerify; `type: localKubectlProxy`; `type: catalog`).
 * @public
 */
export function readClusterLocatorMethods(
  config: Config,
): ClusterLocatorResult {
  const result: ClusterLocatorResult = {
    clusters: [],
    catalog: false,
    unsupported: [],
  };
  const names = new Set<string>();
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    const type = method.getString('type');
    if (type === 'config') {
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        const name = c.getString('name');
        if (names.has(name))
          throw new Error(`Duplicate cluster name '${name}'`);
        names.add(name);
        const authMetadataBlock =
          c.getOptional<Record<string, string>>('authMetadata') ?? {};
        const authProvider =
          authMetadataBlock[AUTH_PROVIDER] ??
          c.getOptionalString('authProvider');
        if (!authProvider) {
          throw new Error(
            `cluster '${name}' has no auth provider configured ('authProvider')`,
          );
        }
        const serviceAccountToken = c.getOptionalString('serviceAccountToken');
        result.clusters.push({
          name,
          title: c.getOptionalString('title'),
          url: c.getString('url'),
          skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
          caData: c.getOptionalString('caData'),
          caFile: c.getOptionalString('caFile'),
          authMetadata: {
            [AUTH_PROVIDER]: authProvider,
            ...(serviceAccountToken ? { serviceAccountToken } : {}),
            ...authMetadataBlock,
          },
        });
      }
    } else if (type === 'localKubectlProxy') {
      if (names.has('local')) throw new Error(`Duplicate cluster name 'local'`);
      names.add('local');
      result.clusters.push({
        name: 'local',
        url: 'http://127.0.0.1:8001',
        authMetadata: { [AUTH_PROVIDER]: 'localKubectlProxy' },
        skipMetricsLookup: true,
      });
    } else if (type === 'catalog') {
      result.catalog = true;
    } else {
      result.unsupported.push(type);
    }
  }
  return result;
}

/**
 * A `kind: Resource`, `spec.type: kubernetes-cluster` catalog entity as a cluster,
 * like the official catalog locator: url from `kubernetes.io/api-server`, CA from
 * `kubernetes.io/api-server-certificate-authority`. Tokens are never read from the
 * catalog: `serviceAccount` uses the token mounted into the portal's pod.
 * @public
 */
export function clusterFromCatalogEntity(entity: {
  metadata: {
    name: string;
    title?: string;
    annotations?: Record<string, string>;
  };
}): ClusterDetails | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const url = annotations[API_SERVER];
  const authProvider = annotations[AUTH_PROVIDER];
  if (!url || !authProvider) return undefined;
  return {
    name: entity.metadata.name,
    title: entity.metadata.title,
    url,
    caData: annotations[API_SERVER_CA],
    skipTLSVerify: annotations[SKIP_TLS_VERIFY] === 'true',
    authMetadata: { [AUTH_PROVIDER]: authProvider },
  };
}

/** The auth provider name of a cluster. @public */
export function authProviderOf(cluster: ClusterDetails): string {
  return cluster.authMetadata[AUTH_PROVIDER] ?? '';
}
