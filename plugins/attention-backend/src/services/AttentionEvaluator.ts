import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { ArgoCdApplicationList } from '@supply-chain/plugin-argocd-common';
import { ArgoCdInstancesService } from '@supply-chain/plugin-argocd-node';
import {
  ATTENTION_SIGNAL_CHANNEL,
  AttentionKind,
  AttentionSource,
} from '@supply-chain/plugin-attention-common';
import { RolloutsClusterCacheService } from '@supply-chain/plugin-rollouts-node';
import {
  CATALOG_INDEX_QUERY,
  CatalogIndex,
  ClusterFacts,
} from '@supply-chain/plugin-service-boundaries-common';
import type { ClusterFactsSource } from '@supply-chain/plugin-service-boundaries-node';
import {
  BOUNDARIES_SOURCE,
  detectBoundaryDrift,
  detectUnownedWorkloads,
} from '../detect/detectBoundaryProblems';
import {
  ArgoCdInstanceApps,
  detectArgoCdProblems,
  detectClusterProblems,
} from '../detect/detectProblems';
import { ProblemStore, Reconciliation, StoredProblem } from './ProblemStore';

/** A failed notification is sent again twice, after 1 s and 2 s. */
const SEND_ATTEMPTS = 3;
const SEND_RETRY_MS = 1000;

/** Who is told about which kinds. */
export interface NotificationSettings {
  enabled: boolean;
  kinds: ReadonlySet<AttentionKind>;
}

/** The state of the last evaluation, for the response. */
export interface EvaluationState {
  sources: AttentionSource[];
  evaluatedAt?: string;
}

/** One listing of every Argo CD instance's applications. */
export interface ArgoCdListing {
  instances: ArgoCdInstanceApps[];
  /** ISO 8601; undefined before the first listing */
  listedAt?: string;
}

/**
 * Evaluates the attention model: reads the catalog (with the plugin's own
 * credentials: the model covers every entity; readers are filtered when
 * served), the shared watch cache and Argo CD, detects the problems,
 * reconciles them with the store and announces what this replica claimed:
 * one notification per problem to the owning group (updated in place by its
 * scope when it resolves) and a signal that the list changed.
 */
export class AttentionEvaluator {
  private state: EvaluationState = { sources: [] };
  private argoCd: ArgoCdInstanceApps[] = [];
  private argoCdListedAt?: number;
  private running?: Promise<void>;
  private rerun?: { refreshArgoCd: boolean };

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      cache: Pick<
        RolloutsClusterCacheService,
        | 'listClusters'
        | 'listDeployments'
        | 'listReplicaSets'
        | 'listPods'
        | 'listMLModels'
      >;
      argocd: ArgoCdInstancesService;
      /** the service-boundaries family's cluster facts, for drift; none: no drift problems */
      clusterFacts?: ClusterFactsSource;
      store: ProblemStore;
      notifications?: NotificationService;
      signals?: SignalsService;
      logger: LoggerService;
      notify: NotificationSettings;
      now?: () => number;
    },
  ) {}

  get lastEvaluation(): EvaluationState {
    return this.state;
  }

  /** The Argo CD applications of the last listing (every periodic evaluation); listedAt undefined before the first. */
  get lastArgoCdListing(): ArgoCdListing {
    return {
      instances: this.argoCd,
      ...(this.argoCdListedAt !== undefined
        ? { listedAt: new Date(this.argoCdListedAt).toISOString() }
        : {}),
    };
  }

  /**
   * One evaluation; concurrent calls share the running one and schedule one
   * more after it (so a change seen during an evaluation is not missed).
   * `refreshArgoCd`: list the Argo CD applications again (the periodic run);
   * otherwise the last list is reused (runs triggered by cluster changes).
   */
  async evaluate(options: { refreshArgoCd: boolean }): Promise<void> {
    if (this.running) {
      this.rerun = {
        refreshArgoCd:
          options.refreshArgoCd || (this.rerun?.refreshArgoCd ?? false),
      };
      return this.running;
    }
    this.running = (async () => {
      try {
        await this.evaluateOnce(options.refreshArgoCd);
      } finally {
        this.running = undefined;
      }
      const next = this.rerun;
      this.rerun = undefined;
      if (next) await this.evaluate(next);
    })();
    return this.running;
  }

  private async evaluateOnce(refreshArgoCd: boolean): Promise<void> {
    const now = (this.deps.now ?? Date.now)();
    const sources: AttentionSource[] = [];

    let entities: Entity[];
    try {
      entities = await this.readEntities();
      sources.push({ name: 'catalog', healthy: true });
    } catch (error) {
      // without the catalog nothing can be attributed: keep the last state
      this.state = {
        sources: [
          {
            name: 'catalog',
            healthy: false,
            message: `the catalog could not be read: ${
              (error as Error).message
            }`,
          },
          ...this.state.sources.filter(s => s.name !== 'catalog'),
        ],
        evaluatedAt: this.state.evaluatedAt,
      };
      this.deps.logger.warn(this.state.sources[0].message!);
      return;
    }

    const readable = new Set<string>();
    const clusters = this.deps.cache.listClusters();
    for (const c of clusters) {
      if (c.status === 'synced') readable.add(`cluster:${c.name}`);
    }
    const unhealthyClusters = clusters.filter(c => c.status !== 'synced');
    sources.push(
      unhealthyClusters.length === 0
        ? { name: 'clusters', healthy: true }
        : {
            name: 'clusters',
            healthy: false,
            message: unhealthyClusters
              .map(
                c =>
                  `cluster ${c.name} is ${c.status}${
                    c.error ? `: ${c.error}` : ''
                  }`,
              )
              .join('; '),
          },
    );

    if (refreshArgoCd) {
      this.argoCd = await this.listArgoCdApps();
      this.argoCdListedAt = now;
    }
    for (const i of this.argoCd) {
      if (!i.error) readable.add(`argocd:${i.instance}`);
    }
    const failedInstances = this.argoCd.filter(i => i.error);
    if (this.deps.argocd.instanceNames().length > 0) {
      sources.push(
        failedInstances.length === 0
          ? { name: 'argocd', healthy: true }
          : {
              name: 'argocd',
              healthy: false,
              message: failedInstances
                .map(i => `Argo CD ${i.instance}: ${i.error}`)
                .join('; '),
            },
      );
    }

    const facts = await this.readClusterFacts();
    if (facts) readable.add(BOUNDARIES_SOURCE);

    const index = facts ? CatalogIndex.fromEntities(entities) : undefined;
    const detected = [
      ...detectClusterProblems(entities, this.deps.cache, now),
      ...detectArgoCdProblems(entities, this.argoCd),
      ...(facts && index
        ? [
            ...detectBoundaryDrift(index, facts),
            ...detectUnownedWorkloads(index, facts),
          ]
        : []),
    ];
    const changes = await this.deps.store.reconcile(detected, readable, now);
    this.state = { sources, evaluatedAt: new Date(now).toISOString() };
    await this.announce(changes);
  }

  /** The catalog as the detectors need it (the drift report reads every component, API, group and user). */
  private async readEntities(): Promise<Entity[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(CATALOG_INDEX_QUERY, {
      credentials,
    });
    return items;
  }

  /** The clusters' facts; undefined (drift problems kept as they are) when none can be read. */
  private async readClusterFacts(): Promise<ClusterFacts | undefined> {
    if (!this.deps.clusterFacts) return undefined;
    try {
      return await this.deps.clusterFacts.getClusterFacts();
    } catch (error) {
      this.deps.logger.debug(
        `no boundary drift this evaluation: ${(error as Error).message}`,
      );
      return undefined;
    }
  }

  private async listArgoCdApps(): Promise<ArgoCdInstanceApps[]> {
    return Promise.all(
      this.deps.argocd.instanceNames().map(async instance => {
        try {
          const list = await this.deps.argocd
            .client(instance)!
            .request<ArgoCdApplicationList>('GET', '/api/v1/applications');
          return { instance, apps: list.items ?? [] };
        } catch (error) {
          return { instance, error: (error as Error).message };
        }
      }),
    );
  }

  private async announce(changes: Reconciliation): Promise<void> {
    const { opened, resolved, updated } = changes;
    for (const p of opened) {
      this.deps.logger.info(`problem opened: ${p.id}: ${p.reason}`);
      await this.notify(p, 'opened');
    }
    for (const p of resolved) {
      this.deps.logger.info(`problem resolved: ${p.id}`);
      await this.notify(p, 'resolved');
    }
    if (opened.length + resolved.length + updated.length === 0) return;
    try {
      await this.deps.signals?.publish({
        recipients: { type: 'broadcast' },
        channel: ATTENTION_SIGNAL_CHANNEL,
        message: { type: 'changed' },
      });
    } catch (error) {
      this.deps.logger.warn(
        `could not signal the attention list change: ${error}`,
      );
    }
  }

  private async notify(
    problem: StoredProblem,
    change: 'opened' | 'resolved',
  ): Promise<void> {
    const { notifications, notify } = this.deps;
    if (!notifications || !notify.enabled || !notify.kinds.has(problem.kind)) {
      return;
    }
    const ownerRef = problem.ownerRef;
    if (!ownerRef) return;
    // this replica claimed the announcement, so a lost send is never made up
    // later: retry a failed one (the scope makes a repeat replace, not add)
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send(notifications, ownerRef, problem, change);
        return;
      } catch (error) {
        if (attempt === SEND_ATTEMPTS) {
          this.deps.logger.warn(
            `could not notify ${ownerRef} about ${problem.id} (${attempt} attempts): ${error}`,
          );
          return;
        }
        await new Promise(r => setTimeout(r, SEND_RETRY_MS * attempt));
      }
    }
  }

  private async send(
    notifications: NotificationService,
    ownerRef: string,
    problem: StoredProblem,
    change: 'opened' | 'resolved',
  ): Promise<void> {
    await notifications.send({
      recipients: { type: 'entity', entityRef: ownerRef },
      payload:
        change === 'opened'
          ? {
              title: problem.title,
              description: `${problem.reason} (${problem.subject})`,
              link: problem.link,
              severity: problem.severity === 'error' ? 'high' : 'normal',
              topic: problem.kind,
              // the same scope replaces this notification when it resolves
              scope: `attention:${problem.id}`,
            }
          : {
              title: `Resolved: ${problem.title}`,
              description: `${problem.subject} no longer needs attention.`,
              link: problem.link,
              severity: 'low',
              topic: problem.kind,
              scope: `attention:${problem.id}`,
            },
    });
  }
}
