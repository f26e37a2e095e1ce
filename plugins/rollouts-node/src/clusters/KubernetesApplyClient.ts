import { InputError, NotAllowedError } from '@backstage/errors';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { defaultAuthStrategies } from './ClusterConnection';
import {
  KubernetesHttpClient,
  KubernetesRequestError,
} from './KubernetesHttpClient';

/** A Kubernetes object as sent to the apiserver. @public */
export type ApplyObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};

type Resource = { plural: string; namespaced: boolean };

/** An error answer of the apiserver, with its status and Status message. @public */
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
 * Server-side apply on the connection layer (TLS/CA, auth of
 * {@link KubernetesHttpClient}): discovery (kind -> resource, cached per
 * apiVersion) and `PATCH application/apply-patch+yaml` with a field manager,
 * optionally as a dry run. The cluster's credential is the caller's choice
 * (the scaffolder passes its own).
 * @public
 */
export class KubernetesApplyClient {
  private readonly discovery = new Map<
    string,
    Promise<Map<string, Resource>>
  >();
  private http?: Promise<KubernetesHttpClient>;

  private constructor(private readonly cluster: ClusterDetails) {}

  static create(cluster: ClusterDetails): KubernetesApplyClient {
    return new KubernetesApplyClient(cluster);
  }

  /** The apiserver's answer: 2xx body, or status and Status message; connection failures throw. */
  private async request(
    method: 'GET' | 'PATCH',
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<{ status: number; json: any }> {
    this.http ??= KubernetesHttpClient.create(
      this.cluster,
      defaultAuthStrategies,
    );
    try {
      const http = await this.http;
      const json = await http.request(method, path, body, contentType, 30_000);
      return { status: 200, json };
    } catch (e) {
      if (e instanceof KubernetesRequestError && e.statusCode !== undefined) {
        return {
          status: e.statusCode,
          json: { message: e.apiMessage, reason: e.reason },
        };
      }
      throw e;
    }
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
    const body = {
      ...object,
      metadata: {
        ...object.metadata,
        namespace: path.includes('/namespaces/')
          ? object.metadata.namespace ?? options.defaultNamespace
          : undefined,
      },
    };
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
