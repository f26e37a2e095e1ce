import { Config } from '@backstage/config';
import type {
  AuthMetadata,
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import ipaddr from 'ipaddr.js';
import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';

/** The official plugin's auth provider annotation key. */
const AUTH_PROVIDER = 'kubernetes.io/auth-provider';
const API_SERVER = 'kubernetes.io/api-server';
const API_SERVER_CA = 'kubernetes.io/api-server-certificate-authority';
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
  /** that locator's options */
  catalogOptions: CatalogClusterOptions;
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
    catalogOptions: {},
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
      result.catalogOptions = {
        dangerouslyAllowClusterUrls: method.getOptionalStringArray(
          'dangerouslyAllowClusterUrls',
        ),
      };
    } else {
      result.unsupported.push(type);
    }
  }
  return result;
}

/** The options of the `type: catalog` cluster locator (the official plugin's keys). @public */
export interface CatalogClusterOptions {
  /** hosts (or `*.suffix` patterns) exempt from the https/public-address rule */
  dangerouslyAllowClusterUrls?: string[];
}

/** Either the cluster, or why it was refused. @public */
export type CatalogClusterDecision =
  | { cluster: ClusterDetails; refused?: undefined }
  | { cluster?: undefined; refused: string };

function hostMatches(hostname: string, pattern: string): boolean {
  const p = pattern.toLocaleLowerCase('en-US');
  if (p.startsWith('*.'))
    return hostname.endsWith(p.slice(1)) || hostname === p.slice(2);
  return hostname === p;
}

function isNonPublic(address: string): boolean {
  try {
    return ipaddr.process(address).range() !== 'unicast';
  } catch {
    return true;
  }
}

/**
 * A `kind: Resource`, `spec.type: kubernetes-cluster` catalog entity as a cluster
 * (url from `kubernetes.io/api-server`, CA from `kubernetes.io/api-server-certificate-authority`),
 * or why it is refused. Whoever owns a catalog entity can write these annotations,
 * so a catalog cluster:
 * - never gets a credential of the portal: `serviceAccount` (which would send the
 *   token mounted into the portal's pod) is refused, tokens are never read;
 * - never switches TLS verification off (`kubernetes.io/skip-tls-verify` is ignored);
 * - is accepted only from a trusted catalog source (`trusted`) with an https URL on a
 *   public address (as the official catalog locator checks), or when its host is in
 *   `dangerouslyAllowClusterUrls`.
 * @public
 */
export async function acceptCatalogCluster(
  entity: {
    metadata: {
      name: string;
      title?: string;
      annotations?: Record<string, string>;
    };
  },
  options: CatalogClusterOptions & { trusted: boolean },
): Promise<CatalogClusterDecision> {
  const annotations = entity.metadata.annotations ?? {};
  const name = entity.metadata.name;
  const raw = annotations[API_SERVER];
  const authProvider = annotations[AUTH_PROVIDER];
  if (!raw || !authProvider) {
    return {
      refused: `${name}: needs the ${API_SERVER} and ${AUTH_PROVIDER} annotations`,
    };
  }
  if (authProvider === 'serviceAccount') {
    return {
      refused: `${name}: the serviceAccount auth provider is not accepted from the catalog (it would send the portal's own token)`,
    };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refused: `${name}: ${API_SERVER} is not a valid URL` };
  }
  if (url.username || url.password) {
    return { refused: `${name}: ${API_SERVER} must not contain credentials` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { refused: `${name}: ${API_SERVER} must be an http(s) URL` };
  }
  const hostname = url.hostname
    .toLocaleLowerCase('en-US')
    .replace(/^\[|\]$/g, '');
  const allowListed = (options.dangerouslyAllowClusterUrls ?? []).some(p =>
    hostMatches(hostname, p),
  );
  if (!allowListed) {
    if (!options.trusted) {
      return {
        refused: `${name}: comes from a catalog location that is not a trusted source and ${hostname} is not in dangerouslyAllowClusterUrls`,
      };
    }
    if (url.protocol !== 'https:') {
      return { refused: `${name}: ${API_SERVER} must use https` };
    }
    const addresses = ipaddr.isValid(hostname)
      ? [hostname]
      : await lookup(hostname, { all: true }).then(
          found => found.map(a => a.address),
          () => [] as string[],
        );
    if (addresses.length === 0) {
      return { refused: `${name}: ${hostname} does not resolve` };
    }
    if (addresses.some(isNonPublic)) {
      return {
        refused: `${name}: ${hostname} is a non-public address (allow it in dangerouslyAllowClusterUrls)`,
      };
    }
  }
  return {
    cluster: {
      name,
      title: entity.metadata.title,
      url: raw,
      caData: annotations[API_SERVER_CA],
      skipTLSVerify: false,
      authMetadata: { [AUTH_PROVIDER]: authProvider },
    },
  };
}

/** The auth provider name of a cluster. @public */
export function authProviderOf(cluster: ClusterDetails): string {
  return cluster.authMetadata[AUTH_PROVIDER] ?? '';
}
