import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import { TargetGuard } from '../../policy/TargetGuard';
import { startFakeApiserver } from './fakeApiserver';
import { createBareRepo } from './gitRepository';

/** A user of the catalog, member of the given groups (the task's ctx.user). */
export function testUser(name: string, groups: string[]) {
  return {
    ref: `user:default/${name}`,
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name, namespace: 'default' },
      spec: { memberOf: groups, profile: { email: `${name}@example.com` } },
      relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
    },
  };
}

/** The default user of the action tests: a platform-team member (an admin). */
export const ADMIN_USER = testUser('mock', ['group:default/platform-team']);

/** A member of fulfillment-team only. */
export const FULFILLMENT_USER = testUser('fay', [
  'group:default/fulfillment-team',
]);

/** A member of inventory-team only. */
export const INVENTORY_USER = testUser('ivan', [
  'group:default/inventory-team',
]);

function merge(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev &&
      v &&
      typeof prev === 'object' &&
      typeof v === 'object' &&
      !Array.isArray(prev) &&
      !Array.isArray(v)
        ? merge(prev as JsonObject, v as JsonObject)
        : v;
  }
  return out;
}

/**
 * A config with the supply-chain policy the tests use (GitOps repository,
 * project default, every owner allowed in supply-chain and staging of the
 * given clusters, Argo CD destination https://kubernetes.default.svc for the
 * first), merged under `data`.
 */
export function configWithPolicy(
  data: JsonObject = {},
  policy: {
    gitopsRepoUrl?: string;
    clusters?: {
      name: string;
      url: string;
      token?: string;
      caData?: string;
    }[];
  } = {},
): ConfigReader {
  const clusters = policy.clusters ?? [
    { name: 'sandbox', url: 'http://127.0.0.1:1' },
  ];
  const base: JsonObject = {
    supplyChain: {
      scaffolder: {
        clusters: clusters.map((c, i) => ({
          ...c,
          ...(i === 0
            ? { argocd: { server: 'https://kubernetes.default.svc' } }
            : {}),
        })),
        ...(policy.gitopsRepoUrl
          ? { gitops: { repoUrl: policy.gitopsRepoUrl } }
          : {}),
        argocd: { project: 'default' },
        allowedTargets: [
          {
            owner: '*',
            clusters: clusters.map(c => c.name),
            namespaces: ['supply-chain', 'staging'],
          },
        ],
        gitea: { allowedOwners: ['supply-chain', 'platform'] },
      },
    },
  };
  return new ConfigReader(merge(base, data));
}

/**
 * What the guard of the manifests/model actions reads in a test: a real bare
 * GitOps repository, a stand-in apiserver (cluster sandbox) and the policy.
 */
export async function startTestTargets(catalog?: CatalogService) {
  const gitops = createBareRepo();
  const apiserver = await startFakeApiserver({ token: 'cluster-token' });
  const config = configWithPolicy(
    {},
    {
      gitopsRepoUrl: gitops.url,
      clusters: [
        { name: 'sandbox', url: apiserver.url, token: 'cluster-token' },
      ],
    },
  );
  return {
    gitops,
    apiserver,
    config,
    guard: new TargetGuard({ config, catalog }),
    close: () => apiserver.close(),
  };
}
