import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterHealth,
  ClusterSyncStatus,
  WatchedKind,
} from '@supply-chain/plugin-rollouts-common';
import { KubernetesHttpClient } from '../clusters/KubernetesHttpClient';
import { configMapKind, CORE_KINDS, OPTIONAL_KINDS } from './kinds';
import {
  KindSpec,
  ObjectChange,
  ResourceWatch,
  WatchTiming,
} from './ResourceWatch';

export interface ClusterWatcherOptions {
  configMapNames: string[];
  timing: WatchTiming;
  /** how often groups that were absent are looked for again */
  rediscoverMs: number;
  logger: LoggerService;
  onChange: (cluster: string, change: ObjectChange) => void;
  onHealth: (cluster: string) => void;
}

/** All watches of one cluster and its health. */
export class ClusterWatcher {
  private readonly watches = new Map<string, ResourceWatch>();
  private health: { status: ClusterSyncStatus; since: number; error?: string } =
    {
      status: 'unreachable',
      since: Date.now(),
      error: 'not synced yet',
    };
  private stopped = false;
  private discoveryTimer?: NodeJS.Timeout;

  constructor(
    readonly details: ClusterDetails,
    readonly client: KubernetesHttpClient,
    private readonly options: ClusterWatcherOptions,
  ) {}

  get name(): string {
    return this.details.name;
  }

  start(): void {
    for (const spec of [
      ...CORE_KINDS,
      ...this.options.configMapNames.map(configMapKind),
    ]) {
      this.addWatch(spec);
    }
    void this.discover();
  }

  stop(): void {
    this.stopped = true;
    if (this.discoveryTimer) clearTimeout(this.discoveryTimer);
    for (const w of this.watches.values()) w.stop();
  }

  private addWatch(spec: KindSpec) {
    const key = spec.key ?? spec.kind;
    if (this.watches.has(key)) return;
    const watch = new ResourceWatch(
      this.client,
      spec,
      this.options.timing,
      change => this.options.onChange(this.name, change),
      () => this.recomputeHealth(),
    );
    this.watches.set(key, watch);
    watch.start();
  }

  /** Watches custom resource kinds whose API group the cluster serves (Istio only when installed). */
  private async discover(): Promise<void> {
    let missing = 0;
    const groups = [...new Set(OPTIONAL_KINDS.map(k => k.group))];
    for (const group of groups) {
      if (this.stopped) return;
      try {
        const doc = await this.client.request<{
          versions?: Array<{ version: string }>;
        }>('GET', `/apis/${group}`);
        const served = new Set((doc?.versions ?? []).map(v => v.version));
        for (const kind of OPTIONAL_KINDS.filter(k => k.group === group)) {
          const version = kind.versions.find(v => served.has(v));
          if (
            version &&
            (!kind.byResource ||
              (await this.servesResource(group, version, kind.plural)))
          ) {
            const {
              versions: _versions,
              byResource: _byResource,
              ...rest
            } = kind;
            this.addWatch({ ...rest, version });
          } else missing++;
        }
      } catch (e) {
        missing++;
        const status = (e as { statusCode?: number }).statusCode;
        if (status !== 404) {
          this.options.logger.debug(
            `rollouts: discovery of ${group} on ${this.name} failed: ${
              (e as Error).message
            }`,
          );
        }
      }
    }
    if (missing > 0 && !this.stopped) {
      this.discoveryTimer = setTimeout(
        () => void this.discover(),
        this.options.rediscoverMs,
      );
      this.discoveryTimer.unref?.();
    }
  }

  /** Does the group version list this resource (argoproj.io serves Argo CD without Argo Rollouts)? */
  private async servesResource(
    group: string,
    version: string,
    plural: string,
  ): Promise<boolean> {
    const doc = await this.client.request<{
      resources?: Array<{ name: string }>;
    }>('GET', `/apis/${group}/${version}`);
    return (doc?.resources ?? []).some(r => r.name === plural);
  }

  private recomputeHealth() {
    const watches = [...this.watches.values()];
    const failing = watches.filter(
      w => w.status === 'unreachable' || w.status === 'degraded',
    );
    const synced = watches.filter(w => w.status === 'synced');
    let status: ClusterSyncStatus;
    let error: string | undefined;
    if (failing.length === 0 && synced.length === watches.length) {
      status = 'synced';
    } else if (
      failing.length > 0 &&
      failing.every(w => w.status === 'unreachable') &&
      synced.length === 0
    ) {
      status = 'unreachable';
      error = failing[0].error;
    } else if (failing.length > 0) {
      status = 'degraded';
      error = failing
        .map(w => `${w.spec.key ?? w.spec.kind}: ${w.error}`)
        .join('; ');
    } else {
      // some watches still pending their first list
      status =
        this.health.status === 'synced' ? 'degraded' : this.health.status;
      error = this.health.error;
    }
    if (status !== this.health.status || error !== this.health.error) {
      const since =
        status !== this.health.status ? Date.now() : this.health.since;
      if (status !== this.health.status) {
        this.options.logger.info(
          `rollouts: cluster ${this.name} is ${status}${
            error ? ` (${error})` : ''
          }`,
        );
      }
      this.health = { status, since, error };
      this.options.onHealth(this.name);
    }
  }

  getHealth(): ClusterHealth {
    const watches = [...this.watches.values()];
    const times = watches
      .map(w => w.lastSyncTime)
      .filter((t): t is number => t !== undefined);
    const last = times.length ? Math.max(...times) : undefined;
    return {
      name: this.name,
      status: this.health.status,
      since: new Date(this.health.since).toISOString(),
      ...(last ? { lastSyncTime: new Date(last).toISOString() } : {}),
      ...(this.health.error ? { error: this.health.error } : {}),
      resources: watches.map(w => ({
        kind: w.spec.kind,
        status: w.status === 'pending' ? 'unreachable' : w.status,
        ...(w.error && w.status !== 'synced' ? { error: w.error } : {}),
      })),
    };
  }

  /** every watch has listed once or failed */
  initialSyncDone(): boolean {
    return [...this.watches.values()].every(w => w.status !== 'pending');
  }

  /** Objects of one kind (all ConfigMap watches together). */
  list(kind: WatchedKind): any[] {
    const out: any[] = [];
    for (const w of this.watches.values()) {
      if (w.spec.kind === kind) out.push(...w.objects.values());
    }
    return out;
  }

  /** Has the kind been listed at least once (or is it absent from the cluster)? */
  isWatching(kind: WatchedKind): boolean {
    return [...this.watches.values()].some(w => w.spec.kind === kind);
  }
}
