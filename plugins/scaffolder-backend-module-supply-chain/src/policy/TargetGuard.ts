import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  ArgoCdInstancesService,
  DefaultArgoCdInstances,
} from '@supply-chain/plugin-argocd-node';
import { ANNOTATION_KUBERNETES_ID } from '@supply-chain/plugin-rollouts-common';
import { KubernetesApplyClient } from '@supply-chain/plugin-rollouts-node';
import { getApplication } from '../clients/argocdApplications';
import { pickCluster } from '../clients/scaffolderClusters';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import { GitError, GitopsRepository } from './gitopsRepository';
import {
  Caller,
  callerOf,
  normalizeRef,
  OWNER_ANNOTATION,
  readTargetPolicy,
  requireOwner,
  TargetPolicy,
} from './targetPolicy';

/** for a guard built without the backend's services (the actions' tests) */
const quietLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => quietLogger,
};
const ARGOCD_APP_NAME = 'argocd/app-name';

/** Something that holds a name: who owns it (undefined: nobody known) and what it is. */
export type Holder = { owner?: string; what: string };

const ownerOfEntity = (e: Entity): string | undefined => {
  const owner = e.spec?.owner;
  if (typeof owner !== 'string') return undefined;
  try {
    return normalizeRef(owner);
  } catch {
    return undefined;
  }
};

/**
 * The platform's side of every supply-chain action: the policy from config
 * (targets the actions may touch) and who holds a name (GitOps folders,
 * Argo CD applications, Deployments, catalog entities), looked up with the
 * platform's own credentials so a user cannot hide a holder.
 */
export class TargetGuard {
  readonly policy: TargetPolicy;
  readonly gitops?: GitopsRepository;

  private argocdInstances?: ArgoCdInstancesService;

  constructor(
    private readonly options: {
      config: Config;
      catalog?: CatalogService;
      auth?: AuthService;
      /** the portal's Argo CD clients (argocdInstancesServiceRef); built from `config` when absent */
      argocd?: ArgoCdInstancesService;
    },
  ) {
    this.policy = readTargetPolicy(options.config);
    this.gitops = GitopsRepository.fromConfig(options.config);
    this.argocdInstances = options.argocd;
  }

  /** The Argo CD instances of `argocd.appLocatorMethods`, one shared client each. */
  get argocd(): ArgoCdInstancesService {
    this.argocdInstances ??= DefaultArgoCdInstances.fromConfig({
      config: this.options.config,
      logger: quietLogger,
    });
    return this.argocdInstances;
  }

  /** The task's user, its groups and whether it is an admin. */
  caller(ctx: Pick<ActionContext<any, any>, 'user'>): Caller {
    return callerOf(ctx.user as any, this.policy);
  }

  /** The owner the task creates for, checked against the caller's groups. */
  owner(caller: Caller, owner: string | undefined, field = 'owner'): string {
    return requireOwner(caller, this.policy, owner, field);
  }

  private async credentials(
    ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
  ): Promise<BackstageCredentials> {
    return this.options.auth
      ? this.options.auth.getOwnServiceCredentials()
      : ctx.getInitiatorCredentials();
  }

  /** Catalog entities named `name` or claiming it (kubernetes-id, argocd/app-name). */
  async catalogHolders(
    ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
    name: string,
  ): Promise<Holder[]> {
    const catalog = this.options.catalog;
    if (!catalog) return [];
    const { items } = await catalog.getEntities(
      {
        filter: [
          { 'metadata.name': name },
          { [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: name },
          { [`metadata.annotations.${ARGOCD_APP_NAME}`]: name },
        ],
        fields: ['kind', 'metadata', 'spec.owner'],
      },
      { credentials: await this.credentials(ctx) },
    );
    return items
      .filter(
        e =>
          !['user', 'group', 'location', 'template'].includes(
            e.kind.toLocaleLowerCase('en-US'),
          ),
      )
      .map(e => ({
        owner: ownerOfEntity(e),
        what: `catalog ${stringifyEntityRef(e)}`,
      }));
  }

  /** Owners of the catalog entities whose workload id is `id`. */
  async ownersOfKubernetesId(
    ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
    id: string,
  ): Promise<string[]> {
    const catalog = this.options.catalog;
    if (!catalog) return [];
    const { items } = await catalog.getEntities(
      {
        filter: [
          { [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: id },
          { kind: 'component', 'metadata.name': id },
        ],
        fields: ['kind', 'metadata', 'spec.owner'],
      },
      { credentials: await this.credentials(ctx) },
    );
    return [
      ...new Set(
        items
          .filter(
            e =>
              e.metadata.annotations?.[ANNOTATION_KUBERNETES_ID] === id ||
              !e.metadata.annotations?.[ANNOTATION_KUBERNETES_ID],
          )
          .map(ownerOfEntity)
          .filter((o): o is string => Boolean(o)),
      ),
    ];
  }

  /** `apps/<name>` and `models/<name>` of the GitOps repository, with the owner their catalog-info.yaml names. */
  async gitopsHolders(name: string): Promise<Holder[]> {
    if (!this.gitops) return [];
    let folders: { folder: string; catalogInfo?: string }[];
    try {
      folders = await this.gitops.folders(name);
    } catch (e) {
      if (e instanceof GitError) {
        throw new Error(
          `cannot read the GitOps repository to check who holds ${name}: ${e.stderr.trim()}`,
        );
      }
      throw e;
    }
    return folders.flatMap(({ folder, catalogInfo }) => {
      const what = `GitOps folder ${folder}`;
      if (catalogInfo === undefined) return [{ what }];
      let docs: unknown[] = [];
      try {
        docs = parseYamlDocuments(catalogInfo);
      } catch {
        return [{ what }];
      }
      const owners = docs
        .map(d => ownerOfEntity((d ?? {}) as Entity))
        .filter((o): o is string => Boolean(o));
      return owners.length > 0
        ? [...new Set(owners)].map(owner => ({ owner, what }))
        : [{ what }];
    });
  }

  /** The Argo CD application `name` on the instance, with the owner the platform knows for it. */
  async argocdHolders(
    ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
    name: string,
    instanceName?: string,
  ): Promise<Holder[]> {
    const instances = this.argocd.instanceNames();
    const targets = instanceName
      ? instances.filter(i => i === instanceName)
      : instances;
    const holders: Holder[] = [];
    for (const instance of targets) {
      const app = await getApplication(
        this.argocd.client(instance)!,
        name,
        this.policy.argocd.namespace,
      );
      if (!app) continue;
      const what = `Argo CD application ${name}${
        targets.length > 1 ? ` on ${instance}` : ''
      }`;
      const owners = new Set<string>();
      const stamped = (app.metadata.annotations as any)?.[OWNER_ANNOTATION];
      if (typeof stamped === 'string') {
        try {
          owners.add(normalizeRef(stamped));
        } catch {
          // not a ref: not an owner
        }
      }
      const id = (app.metadata.labels as any)?.[ANNOTATION_KUBERNETES_ID];
      for (const owner of await this.ownersOfKubernetesId(ctx, id ?? name)) {
        owners.add(owner);
      }
      holders.push(
        ...(owners.size > 0
          ? [...owners].map(owner => ({ owner, what }))
          : [{ what }]),
      );
    }
    return holders;
  }

  /**
   * An existing object of the cluster (a Deployment `name` in the namespace,
   * or the object about to be applied), with the owners of the workload id
   * its `backstage.io/kubernetes-id` label names.
   */
  async clusterHolders(
    ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
    clusterName: string,
    object: {
      apiVersion: string;
      kind: string;
      name: string;
      namespace: string;
    },
  ): Promise<Holder[]> {
    const cluster = pickCluster(this.options.config, clusterName);
    const existing = await KubernetesApplyClient.create(cluster).get({
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: { name: object.name, namespace: object.namespace },
    });
    if (!existing) return [];
    const what = `${object.kind} ${object.namespace}/${object.name}`;
    const id = (existing.metadata?.labels as any)?.[ANNOTATION_KUBERNETES_ID];
    if (!id) return [{ what }];
    const owners = await this.ownersOfKubernetesId(ctx, id);
    return owners.length > 0
      ? owners.map(owner => ({ owner, what }))
      : [{ what }];
  }

  /**
   * Throws unless every holder of `name` is `owner` (the same team re-running
   * is fine); a holder nobody owns is refused, except for an admin.
   */
  requireFree(
    caller: Caller,
    name: string,
    owner: string,
    holders: Holder[],
    field = 'name',
  ) {
    const others = holders.filter(
      h => h.owner !== owner && !(h.owner === undefined && caller.isAdmin),
    );
    if (others.length === 0) return;
    const described = others.map(h =>
      h.owner
        ? `${name} is held by ${h.owner} (${h.what})`
        : `${name} is held by ${
            h.what
          }, which names no owner (ask ${this.policy.adminGroups.join(', ')})`,
    );
    throw new NotAllowedError(
      `${field}: ${[...new Set(described)].join('; ')}`,
    );
  }

  /** Holders of a name everywhere a new service or model would take it. */
  async holdersOfName(
    ctx: Pick<ActionContext<any, any>, 'getInitiatorCredentials'>,
    name: string,
    where: {
      argocd?: boolean;
      argocdInstance?: string;
      deployments?: { cluster: string; namespaces: string[] };
    },
  ): Promise<Holder[]> {
    const holders = [
      ...(await this.catalogHolders(ctx, name)),
      ...(await this.gitopsHolders(name)),
    ];
    if (where.argocd) {
      holders.push(
        ...(await this.argocdHolders(ctx, name, where.argocdInstance)),
      );
    }
    if (where.deployments) {
      for (const namespace of where.deployments.namespaces) {
        holders.push(
          ...(await this.clusterHolders(ctx, where.deployments.cluster, {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name,
            namespace,
          })),
        );
      }
    }
    return holders;
  }
}

/** InputError for a config the platform team must complete. */
export const notConfigured = (field: string, key: string) =>
  new InputError(
    `${field}: supplyChain.scaffolder.${key} is not configured, so the scaffolder may not do this (a fresh install denies every target it is not told to allow)`,
  );
