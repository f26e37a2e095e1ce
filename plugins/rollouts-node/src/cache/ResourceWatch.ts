import type {
  ClusterSyncStatus,
  WatchedKind,
} from '@supply-chain/plugin-rollouts-common';
import {
  KubernetesHttpClient,
  KubernetesRequestError,
  WatchHandle,
} from '../clusters/KubernetesHttpClient';

/** What to list and watch for one kind. */
export interface KindSpec {
  kind: WatchedKind;
  /** '' for the core group */
  group: string;
  version: string;
  plural: string;
  slim: (raw: any) => any;
  fieldSelector?: string;
  /** distinguishes several watches of one kind (ConfigMaps by name) */
  key?: string;
}

export interface ObjectChange {
  kind: WatchedKind;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: any;
}

export interface WatchTiming {
  watchTimeoutSeconds: number;
  maxBackoffMs: number;
  minBackoffMs: number;
}

const objectKey = (o: any) =>
  `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/**
 * One list+watch of one kind in one cluster: lists, then watches from the list's
 * resourceVersion; on 410 Gone lists again (resync); on errors reconnects with
 * exponential backoff. Keeps only slimmed objects.
 */
export class ResourceWatch {
  readonly objects = new Map<string, any>();
  status: ClusterSyncStatus | 'pending' = 'pending';
  error?: string;
  lastSyncTime?: number;
  /** true once the first list succeeded */
  listed = false;
  private resourceVersion?: string;
  private handle?: WatchHandle;
  private stopped = false;
  private wake?: () => void;
  private backoffMs: number;

  constructor(
    private readonly client: KubernetesHttpClient,
    readonly spec: KindSpec,
    private readonly timing: WatchTiming,
    private readonly onChange: (change: ObjectChange) => void,
    private readonly onStatus: () => void,
  ) {
    this.backoffMs = timing.minBackoffMs;
  }

  get path(): string {
    const { group, version, plural } = this.spec;
    return group
      ? `/apis/${group}/${version}/${plural}`
      : `/api/${version}/${plural}`;
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.handle?.abort();
    this.wake?.();
  }

  private setStatus(status: ClusterSyncStatus, error?: string) {
    const changed = this.status !== status || this.error !== error;
    this.status = status;
    this.error = error;
    if (status === 'synced') this.lastSyncTime = Date.now();
    if (changed) this.onStatus();
  }

  private async list(): Promise<void> {
    const query = new URLSearchParams();
    if (this.spec.fieldSelector)
      query.set('fieldSelector', this.spec.fieldSelector);
    const qs = query.toString();
    const list = await this.client.request(
      'GET',
      `${this.path}${qs ? `?${qs}` : ''}`,
    );
    const seen = new Set<string>();
    for (const raw of list?.items ?? []) {
      const slim = this.spec.slim(raw);
      const key = objectKey(slim);
      seen.add(key);
      const old = this.objects.get(key);
      this.objects.set(key, slim);
      if (!old)
        this.onChange({ kind: this.spec.kind, type: 'ADDED', object: slim });
      else if (old.metadata.resourceVersion !== slim.metadata.resourceVersion) {
        this.onChange({ kind: this.spec.kind, type: 'MODIFIED', object: slim });
      }
    }
    for (const [key, old] of [...this.objects]) {
      if (!seen.has(key)) {
        this.objects.delete(key);
        this.onChange({ kind: this.spec.kind, type: 'DELETED', object: old });
      }
    }
    this.resourceVersion = list?.metadata?.resourceVersion;
    this.listed = true;
  }

  private onEvent = (event: { type: string; object: any }) => {
    this.lastSyncTime = Date.now();
    if (event.type === 'ERROR') {
      if (event.object?.code === 410) {
        // resourceVersion too old: list again
        this.resourceVersion = undefined;
      }
      this.handle?.abort();
      return;
    }
    if (event.object?.metadata?.resourceVersion) {
      this.resourceVersion = event.object.metadata.resourceVersion;
    }
    if (event.type === 'BOOKMARK') return;
    const slim = this.spec.slim(event.object);
    const key = objectKey(slim);
    if (event.type === 'DELETED') {
      this.objects.delete(key);
      this.onChange({ kind: this.spec.kind, type: 'DELETED', object: slim });
    } else if (event.type === 'ADDED' || event.type === 'MODIFIED') {
      const existed = this.objects.has(key);
      this.objects.set(key, slim);
      this.onChange({
        kind: this.spec.kind,
        type: existed ? 'MODIFIED' : 'ADDED',
        object: slim,
      });
    }
  };

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.list();
        this.setStatus('synced');
        const query: Record<string, string> = {
          resourceVersion: this.resourceVersion ?? '',
          timeoutSeconds: String(this.timing.watchTimeoutSeconds),
        };
        if (this.spec.fieldSelector)
          query.fieldSelector = this.spec.fieldSelector;
        this.handle = await this.client.watch(
          this.path,
          query,
          this.onEvent,
          (this.timing.watchTimeoutSeconds + 90) * 1000,
        );
        await this.handle.done;
        this.backoffMs = this.timing.minBackoffMs;
      } catch (e) {
        if (this.stopped) return;
        const err = e as KubernetesRequestError;
        if (err.statusCode === 410) {
          this.resourceVersion = undefined;
          continue;
        }
        // after a connection failure the watch starts again from a fresh list
        if (err.statusCode === undefined) this.resourceVersion = undefined;
        this.setStatus(
          err.statusCode === undefined ? 'unreachable' : 'degraded',
          err.message,
        );
        const jitter = Math.random() * 0.2 * this.backoffMs;
        await this.sleep(this.backoffMs + jitter);
        this.backoffMs = Math.min(this.backoffMs * 2, this.timing.maxBackoffMs);
      }
    }
  }
}
