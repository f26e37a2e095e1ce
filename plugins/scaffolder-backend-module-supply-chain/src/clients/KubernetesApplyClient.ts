import { InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import { ClusterConnection } from './clusterConfig';

/** A Kubernetes object as sent to the apiserver. */
export type ApplyObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};

type Resource = { plural: string; namespaced: boolean };

/** An error answer of the apiserver, with its status and Status message. */
export class KubernetesApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

/**
 * Minimal apiserver client for server-side apply: discovery (kind -> resource)
 * and `PATCH application/apply-patch+yaml` with a field manager, optionally as
 * a dry run. Node's https only, so it runs wherever the backend runs.
 */
export class KubernetesApplyClient {
  private readonly discovery = new Map<
    string,
    Promise<Map<string, Resource>>
  >();
  private readonly ca?: string;

  private constructor(private readonly cluster: ClusterConnection) {
    this.ca =
      cluster.caData ??
      (cluster.caFile ? fs.readFileSync(cluster.caFile, 'utf8') : undefined);
  }

  static create(cluster: ClusterConnection): KubernetesApplyClient {
    return new KubernetesApplyClient(cluster);
  }

  private request(
    method: string,
    path: string,
    body?: string,
    contentType?: string,
  ): Promise<{ status: number; json: any }> {
    const url = new URL(this.cluster.url + path);
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method,
          ca: this.ca,
          rejectUnauthorized: !this.cluster.skipTLSVerify,
          timeout: 30_000,
          headers: {
            accept: 'application/json',
            ...(this.cluster.token
              ? { authorization: `Bearer ${this.cluster.token}` }
              : {}),
            ...(body !== undefined
              ? { 'content-type': contentType ?? 'application/json' }
              : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: any;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = { message: text };
            }
            resolve({ status: res.statusCode ?? 0, json });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${url.pathname} timed out`)),
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  private resourcesOf(apiVersion: string): Promise<Map<string, Resource>> {
    let known = this.discovery.get(apiVersion);
    if (!known) {
      const path = apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : `/api/${apiVersion}`;
      known = this.request('GET', path).then(({ status, json }) => {
        if (status === 404) return new Map();
        if (status === 401 || status === 403) {
          throw new NotAllowedError(
            `cluster ${this.cluster.name} refused discovery of ${apiVersion}: ${
              json?.message ?? status
            }`,
          );
        }
        if (status !== 200) {
          throw new KubernetesApiError(
            status,
            `discovery of ${apiVersion} failed: ${json?.message ?? status}`,
          );
        }
        return new Map(
          (json.resources as any[])
            .filter(r => !r.name.includes('/'))
            .map(r => [
              r.kind as string,
              { plural: r.name as string, namespaced: Boolean(r.namespaced) },
            ]),
        );
      });
      known.catch(() => this.discovery.delete(apiVersion));
      this.discovery.set(apiVersion, known);
    }
    return known;
  }

  /** The object's URL; an InputError when the cluster does not serve its kind. */
  async pathOf(
    object: ApplyObject,
    defaultNamespace?: string,
  ): Promise<string> {
    const resource = (await this.resourcesOf(object.apiVersion)).get(
      object.kind,
    );
    if (!resource) {
      throw new InputError(
        `${object.kind} ${object.metadata.name}: the cluster ${this.cluster.name} does not serve ${object.apiVersion} ${object.kind} (CRD not installed?)`,
      );
    }
    const prefix = object.apiVersion.includes('/')
      ? `/apis/${object.apiVersion}`
      : `/api/${object.apiVersion}`;
    if (!resource.namespaced) {
      return `${prefix}/${resource.plural}/${encodeURIComponent(
        object.metadata.name,
      )}`;
    }
    const namespace = object.metadata.namespace ?? defaultNamespace;
    if (!namespace) {
      throw new InputError(
        `${object.kind} ${object.metadata.name}: namespace missing (set metadata.namespace or the namespace input)`,
      );
    }
    return `${prefix}/namespaces/${encodeURIComponent(namespace)}/${
      resource.plural
    }/${encodeURIComponent(object.metadata.name)}`;
  }

  /**
   * The object as the cluster has it; undefined when it does not exist or
   * the cluster does not serve its kind.
   */
  async get(object: ApplyObject): Promise<ApplyObject | undefined> {
    let path: string;
    try {
      path = await this.pathOf(object, object.metadata.namespace);
    } catch (e) {
      if (e instanceof InputError && /does not serve/.test(e.message)) {
        return undefined;
      }
      throw e;
    }
    const { status, json } = await this.request('GET', path);
    if (status === 404) return undefined;
    if (status === 401 || status === 403) {
      throw new NotAllowedError(
        `cluster ${this.cluster.name} refused reading ${object.kind} ${
          object.metadata.name
        }: ${json?.message ?? status}`,
      );
    }
    if (status !== 200) {
      throw new KubernetesApiError(
        status,
        `${object.kind} ${object.metadata.name}: ${
          json?.message ?? `HTTP ${status}`
        }`,
      );
    }
    return json as ApplyObject;
  }

  /** Server-side apply; returns the object the apiserver answers with. */
  async apply(
    object: ApplyObject,
    options: {
      fieldManager: string;
      force: boolean;
      dryRun: boolean;
      defaultNamespace?: string;
    },
  ): Promise<ApplyObject> {
    const path = await this.pathOf(object, options.defaultNamespace);
    const query = new URLSearchParams({ fieldManager: options.fieldManager });
    if (options.force) query.set('force', 'true');
    if (options.dryRun) query.set('dryRun', 'All');
    query.set('fieldValidation', 'Strict');
    const body = JSON.stringify({
      ...object,
      metadata: {
        ...object.metadata,
        namespace: path.includes('/namespaces/')
          ? object.metadata.namespace ?? options.defaultNamespace
          : undefined,
      },
    });
    const { status, json } = await this.request(
      'PATCH',
      `${path}?${query}`,
      body,
      'application/apply-patch+yaml',
    );
    if (status < 200 || status >= 300) {
      throw new KubernetesApiError(
        status,
        `${object.kind} ${object.metadata.name}: ${
          json?.message ?? `HTTP ${status}`
        }`,
        json?.reason,
      );
    }
    return json as ApplyObject;
  }
}
