import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  argocdReadPermission,
  parseArgoCdAnnotations,
} from '@supply-chain/plugin-argocd-common';
import {
  ServiceApplicationState,
  ServiceDeploymentState,
  ServicesResponse,
  ServiceState,
} from '@supply-chain/plugin-attention-common';
import {
  computeRollout,
  rolloutsReadPermission,
  selectorMatches,
} from '@supply-chain/plugin-rollouts-common';
import {
  entityObjectFilter,
  filterMatches,
} from '@supply-chain/plugin-rollouts-node';
import {
  appMatches,
  ClusterReads,
  hasKubernetesAnnotations,
  NamespaceSnapshot,
  namespaceSnapshots,
} from '../detect/detectProblems';
import { ArgoCdListing } from './AttentionEvaluator';

/** Only what the rows show. */
const SERVICE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
];

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name);

/**
 * "Your services" of the home page in one answer: the Components the caller
 * or the caller's teams own (`relations.ownedBy` one of the caller's ownership
 * refs), read from the catalog with the caller's own credentials (so nothing
 * the caller may not read is listed), each with the rollout phase of its
 * Deployments, from the shared watch cache as the Rollouts tab computes it
 * (only if the caller may `rollouts.read`), and the sync and health of its Argo
 * CD applications, from the attention model's last listing as the Argo CD tab
 * matches them (only if the caller may `argocd.read`).
 */
export class ServicesReader {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      cache: ClusterReads;
      argoCd: () => ArgoCdListing;
    },
  ) {}

  async read(credentials: BackstageCredentials): Promise<ServicesResponse> {
    const { ownershipEntityRefs } = await this.deps.userInfo.getUserInfo(
      credentials,
    );
    if (ownershipEntityRefs.length === 0) return { services: [] };
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'Component', 'relations.ownedBy': ownershipEntityRefs },
        fields: SERVICE_FIELDS,
      },
      { credentials },
    );
    const [mayReadRollouts, mayReadArgoCd] = await this.allowed(credentials, [
      rolloutsReadPermission,
      argocdReadPermission,
    ]);
    const listing = this.deps.argoCd();
    const snapshot = namespaceSnapshots(this.deps.cache);
    const services = items
      .map(entity => ({
        ...this.summary(entity),
        ...this.rolloutsOf(entity, mayReadRollouts, snapshot),
        ...this.argoCdOf(entity, mayReadArgoCd, listing),
      }))
      .sort((a, b) =>
        (a.entity.title ?? a.entity.name).localeCompare(
          b.entity.title ?? b.entity.name,
        ),
      );
    return {
      services,
      ...(listing.listedAt ? { argoCdListedAt: listing.listedAt } : {}),
    };
  }

  private async allowed(
    credentials: BackstageCredentials,
    permissions: BasicPermission[],
  ): Promise<boolean[]> {
    const decisions = await this.deps.permissions.authorize(
      permissions.map(permission => ({ permission })),
      { credentials },
    );
    return decisions.map(d => d.result === AuthorizeResult.ALLOW);
  }

  private summary(entity: Entity): Pick<ServiceState, 'entityRef' | 'entity'> {
    const { title } = entity.metadata;
    return {
      entityRef: stringifyEntityRef(entity),
      entity: {
        kind: entity.kind,
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
        ...(typeof title === 'string' && title ? { title } : {}),
      },
    };
  }

  private rolloutsOf(
    entity: Entity,
    allowed: boolean,
    snapshot: NamespaceSnapshot,
  ): Pick<ServiceState, 'rollouts'> {
    if (!hasKubernetesAnnotations(entity)) return {};
    if (!allowed) {
      return {
        rollouts: {
          deployments: [],
          error: 'You may not read rollouts (permission rollouts.read)',
        },
      };
    }
    const filter = entityObjectFilter(entity);
    if (filter.invalid) {
      return { rollouts: { deployments: [], error: filter.invalid } };
    }
    const { cache } = this.deps;
    const deployments: ServiceDeploymentState[] = [];
    const errors: string[] = [];
    for (const cluster of cache.listClusters()) {
      if (filter.cluster && filter.cluster !== cluster.name) continue;
      if (cluster.status !== 'synced') {
        errors.push(
          `cluster ${cluster.name} is ${cluster.status}${
            cluster.error ? `: ${cluster.error}` : ''
          }`,
        );
      }
      const ns = filter.namespace ? { namespace: filter.namespace } : undefined;
      for (const deployment of cache
        .listDeployments(cluster.name, ns)
        .filter(d => filterMatches(filter, cluster.name, d))) {
        const namespace = deployment.metadata.namespace ?? 'default';
        const { replicaSets, pods } = snapshot(cluster.name, namespace);
        const rollout = computeRollout(
          deployment,
          replicaSets,
          pods.filter(p =>
            selectorMatches(deployment.spec.selector, p.metadata.labels),
          ),
          undefined,
          undefined,
          undefined,
          cluster.name,
        );
        deployments.push({
          cluster: cluster.name,
          namespace,
          name: deployment.metadata.name,
          phase: rollout.phase,
          phaseMessage: rollout.phaseMessage,
        });
      }
    }
    deployments.sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.namespace.localeCompare(b.namespace) ||
        byName(a, b),
    );
    return {
      rollouts: {
        deployments,
        ...(errors.length ? { error: errors.join('; ') } : {}),
      },
    };
  }

  private argoCdOf(
    entity: Entity,
    allowed: boolean,
    listing: ArgoCdListing,
  ): Pick<ServiceState, 'argocd'> {
    const parsed = parseArgoCdAnnotations(entity.metadata.annotations);
    if (parsed.ok && !parsed.annotated) return {};
    if (!parsed.ok) {
      return {
        argocd: {
          applications: [],
          error: `annotation ${parsed.annotation}: ${parsed.message}`,
        },
      };
    }
    if (!allowed) {
      return {
        argocd: {
          applications: [],
          error: 'You may not see Argo CD applications',
        },
      };
    }
    if (!listing.listedAt) {
      return {
        argocd: {
          applications: [],
          error: 'Argo CD has not been listed yet (at startup, within seconds)',
        },
      };
    }
    const annotations = parsed.value;
    const applications: ServiceApplicationState[] = [];
    const errors: string[] = [];
    for (const { instance, apps, error } of listing.instances) {
      if (
        annotations.instanceNames.length > 0 &&
        !annotations.instanceNames.includes(instance)
      ) {
        continue;
      }
      if (error) errors.push(`Argo CD ${instance}: ${error}`);
      for (const app of (apps ?? []).filter(a => appMatches(a, annotations))) {
        applications.push({
          instance,
          name: app.metadata.name,
          syncStatus: app.status?.sync?.status ?? 'Unknown',
          healthStatus: app.status?.health?.status ?? 'Unknown',
        });
      }
    }
    applications.sort(
      (a, b) => a.instance.localeCompare(b.instance) || byName(a, b),
    );
    return {
      argocd: {
        applications,
        ...(errors.length ? { error: errors.join('; ') } : {}),
      },
    };
  }
}
