import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseArgoCdAnnotations } from '@supply-chain/plugin-argocd-common';
import {
  EntityMetricsResponse,
  GroupMetrics,
  GroupMetricsResponse,
  MetricsGroupBy,
  MetricsResult,
  MetricsWindow,
  RolloutEvent,
  RolloutFilter,
  RolloutsResponse,
  SyncEvent,
  computeDeploymentMetrics,
  filterRollouts,
  noDeploymentsMessage,
  previousWindow,
} from '@supply-chain/plugin-deployment-metrics-common';
import {
  parseLabelSelector,
  selectorMatches,
} from '@supply-chain/plugin-rollouts-common';
import {
  entityObjectFilter,
  filterMatches,
} from '@supply-chain/plugin-rollouts-node';
import { mayReadUnclaimed } from '@supply-chain/plugin-service-boundaries-node';
import { bucketOf, IndexedAggregates } from './aggregateMetrics';
import { KnownDeployment, MetricsStores } from './stores';

type StoredSync = SyncEvent & { appLabels: Record<string, string> };

/** What of the recorded events belongs to one catalog component. */
interface ComponentEvents {
  deploymentUids: Set<string>;
  syncMatches: (sync: StoredSync) => boolean;
}

function componentEvents(
  entity: Entity,
  deployments: KnownDeployment[],
): ComponentEvents {
  const filter = entityObjectFilter(entity);
  const deploymentUids = new Set(
    deployments
      .filter(d =>
        filterMatches(filter, d.cluster, {
          metadata: { namespace: d.namespace, labels: d.labels },
        }),
      )
      .map(d => d.deploymentUid),
  );
  const argo = parseArgoCdAnnotations(entity.metadata.annotations);
  if (!argo.ok || !argo.annotated) {
    return { deploymentUids, syncMatches: () => false };
  }
  const { appNames, appSelector, instanceNames, appNamespace } = argo.value;
  const selector = appSelector ? parseLabelSelector(appSelector) : undefined;
  return {
    deploymentUids,
    syncMatches: sync =>
      (instanceNames.length === 0 || instanceNames.includes(sync.instance)) &&
      (!appNamespace || appNamespace === sync.appNamespace) &&
      (appNames.includes(sync.application) ||
        (!!selector && selectorMatches(selector, sync.appLabels))),
  };
}

function groupRefs(entity: Entity, groupBy: MetricsGroupBy): string[] {
  const namespace = entity.metadata.namespace ?? 'default';
  const ref = (value: unknown, defaultKind: string) => {
    if (typeof value !== 'string' || !value) return [];
    try {
      return [
        stringifyEntityRef(
          parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
        ),
      ];
    } catch {
      return [];
    }
  };
  if (groupBy === 'team') return ref(entity.spec?.owner, 'group');
  if (groupBy === 'system') return ref(entity.spec?.system, 'system');
  return [stringifyEntityRef(entity)];
}

function stripLabels(syncs: StoredSync[]): SyncEvent[] {
  return syncs.map(({ appLabels: _labels, ...sync }) => sync);
}

/**
 * Deployment metrics of catalog entities over windows: maps recorded
 * Deployments to components with the Kubernetes annotations (as the
 * rollouts plugin does) and Argo CD applications with the `argocd/*`
 * annotations, then computes the numbers with the pure functions of
 * `-common`. Teams and systems are the union of their components.
 */
export class DeploymentMetricsService {
  private constructor(
    private readonly stores: MetricsStores,
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
    private readonly now: () => number,
  ) {}

  static create(options: {
    stores: MetricsStores;
    catalog: CatalogService;
    permissions: PermissionsService;
    now?: () => number;
  }) {
    return new DeploymentMetricsService(
      options.stores,
      options.catalog,
      options.permissions,
      options.now ?? Date.now,
    );
  }

  /** "no deployments observed since …" when nothing started in the window */
  private async noDeployments(
    window: MetricsWindow,
    rolloutsInWindow: number,
    syncs: SyncEvent[],
  ): Promise<MetricsResult | undefined> {
    const from = Date.parse(window.from);
    const to = Date.parse(window.to);
    const started = (t: string) => Date.parse(t) >= from && Date.parse(t) < to;
    if (rolloutsInWindow > 0 || syncs.some(s => started(s.startedAt))) {
      return undefined;
    }
    const since = await this.stores.meta.observedSince(this.now());
    const observedSince = new Date(
      Math.max(Date.parse(since), from),
    ).toISOString();
    return { observedSince, message: noDeploymentsMessage(observedSince) };
  }

  private async result(
    window: MetricsWindow,
    rollouts: RolloutEvent[],
    history: RolloutEvent[],
    syncs: SyncEvent[],
  ): Promise<MetricsResult> {
    const from = Date.parse(window.from);
    const to = Date.parse(window.to);
    const inWindow = rollouts.filter(r => {
      const t = Date.parse(r.startedAt);
      return t >= from && t < to;
    }).length;
    return (
      (await this.noDeployments(window, inWindow, syncs)) ??
      computeDeploymentMetrics(window, rollouts, syncs, history)
    );
  }

  /** the components behind an entity ref: the component itself, a team's or a system's */
  private async components(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ ref: string; components: Entity[] }> {
    let compound;
    try {
      compound = parseEntityRef(entityRef);
    } catch {
      throw new InputError(
        `entityRef "${entityRef}" is not an entity ref (kind:namespace/name)`,
      );
    }
    const ref = stringifyEntityRef(compound);
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`no entity ${ref} in the catalog`);
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'system') {
      return { ref, components: [entity] };
    }
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [kind === 'group' ? 'relations.ownedBy' : 'relations.partOf']: ref,
        },
      },
      { credentials },
    );
    return { ref, components: items };
  }

  /** every component the caller can read */
  private async visibleComponents(
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'Component' } },
      { credentials },
    );
    return items;
  }

  private async eventsOf(components: Entity[], from: number, to: number) {
    const deployments = await this.stores.deployments.list();
    const uids = new Set<string>();
    const matchers: Array<(s: StoredSync) => boolean> = [];
    for (const c of components) {
      const events = componentEvents(c, deployments);
      events.deploymentUids.forEach(u => uids.add(u));
      matchers.push(events.syncMatches);
    }
    const rollouts = await this.stores.rollouts.list({
      from,
      deploymentUids: [...uids],
    });
    const syncs = (await this.stores.syncs.list({ from, to })).filter(s =>
      matchers.some(m => m(s)),
    );
    return { rollouts, syncs: stripLabels(syncs) };
  }

  /** The entity's numbers in the window and in the window before it. */
  async entityMetrics(
    entityRef: string,
    window: MetricsWindow,
    credentials: BackstageCredentials,
  ): Promise<EntityMetricsResponse> {
    const { ref, components } = await this.components(entityRef, credentials);
    const previous = previousWindow(window);
    const { rollouts, syncs } = await this.eventsOf(
      components,
      Date.parse(previous.from),
      Date.parse(window.to),
    );
    return {
      entityRef: ref,
      current: await this.result(window, rollouts, rollouts, syncs),
      previous: await this.result(previous, rollouts, rollouts, syncs),
    };
  }

  /** Every service, team or system with its numbers in the window. */
  async groupMetrics(
    groupBy: MetricsGroupBy,
    window: MetricsWindow,
    credentials: BackstageCredentials,
  ): Promise<GroupMetricsResponse> {
    const [items, deployments] = await Promise.all([
      this.visibleComponents(credentials),
      this.stores.deployments.list(),
    ]);
    // counted and grouped per Deployment and bucket in the database: a
    // one-year window does not read every rollout of the year
    const { from, to, bucketMs } = bucketOf(window);
    const [aggregates, allSyncs] = await Promise.all([
      this.stores.rolloutAggregates.aggregate({ from, to, bucketMs }),
      this.stores.syncs.list({ from, to }),
    ]);
    const indexed = new IndexedAggregates(aggregates);
    const groups = new Map<
      string,
      { title?: string; uids: Set<string>; syncs: Set<StoredSync> }
    >();
    for (const entity of items) {
      const events = componentEvents(entity, deployments);
      for (const group of groupRefs(entity, groupBy)) {
        const g = groups.get(group) ?? {
          title:
            groupBy === 'service'
              ? entity.metadata.title ?? entity.metadata.name
              : undefined,
          uids: new Set<string>(),
          syncs: new Set<StoredSync>(),
        };
        events.deploymentUids.forEach(u => g.uids.add(u));
        allSyncs.filter(events.syncMatches).forEach(s => g.syncs.add(s));
        groups.set(group, g);
      }
    }
    const rows: GroupMetrics[] = [];
    for (const [group, g] of [...groups.entries()].sort((a, b) =>
      a[0].localeCompare(b[0]),
    )) {
      const syncs = stripLabels([...g.syncs]);
      rows.push({
        group,
        ...(g.title ? { title: g.title } : {}),
        metrics:
          (await this.noDeployments(window, indexed.total(g.uids), syncs)) ??
          indexed.metrics(window, g.uids, syncs),
      });
    }
    return {
      groupBy,
      window,
      observedSince: await this.stores.meta.observedSince(this.now()),
      groups: rows,
    };
  }

  /** The rollouts (and syncs) behind a number: drill-down. */
  async rollouts(
    options: {
      entityRef?: string;
      window: MetricsWindow;
      filter: RolloutFilter;
    },
    credentials: BackstageCredentials,
  ): Promise<RolloutsResponse> {
    const from = Date.parse(options.window.from);
    const to = Date.parse(options.window.to);
    let rollouts: RolloutEvent[];
    let syncs: SyncEvent[];
    if (
      !options.entityRef &&
      (await mayReadUnclaimed(this.permissions, credentials))
    ) {
      rollouts = await this.stores.rollouts.list({ from, to });
      syncs = stripLabels(await this.stores.syncs.list({ from, to }));
    } else {
      // one entity's, or (cluster-wide, not the platform team) those of
      // every component the caller can read
      const components = options.entityRef
        ? (await this.components(options.entityRef, credentials)).components
        : await this.visibleComponents(credentials);
      const events = await this.eventsOf(components, from, to);
      rollouts = events.rollouts.filter(r => Date.parse(r.startedAt) < to);
      syncs = events.syncs;
    }
    return {
      window: options.window,
      rollouts: filterRollouts(rollouts, options.filter).reverse(),
      syncs: syncs.reverse(),
    };
  }
}
