import type { KubernetesWatchEventType } from '@backstage/plugin-kubernetes-common';
import type {
  AuthenticationStrategy,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import { readFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { text as readText } from 'node:stream/consumers';
import { authProviderOf } from './ClusterConnection';

/** An error answer of the apiserver, or a connection failure (statusCode undefined). @public */
export class KubernetesRequestError extends Error {
  readonly statusCode?: number;
  readonly reason?: string;
  /** the `message` of the apiserver's Status answer, when it sent one */
  readonly apiMessage?: string;
  constructor(
    message: string,
    statusCode?: number,
    reason?: string,
    apiMessage?: string,
  ) {
    super(message);
    this.name = 'KubernetesRequestError';
    this.statusCode = statusCode;
    this.reason = reason;
    this.apiMessage = apiMessage;
  }
}

/**
 * A watch event as the apiserver sends it, with the official plugin's event
 * types; unlike its `KubernetesWatchEvent`, an `ERROR` event carries the
 * apiserver's Status as `object`.
 * @public
 */
export interface WatchEvent {
  type: KubernetesWatchEventType;
  object: any;
}

/** @public */
export interface WatchHandle {
  /** resolves when the watch ends: normally (timeout), with an error, or after abort() */
  done: Promise<void>;
  abort(): void;
}

/**
 * A small Kubernetes REST client on node's http/https: JSON requests and
 * line-delimited watch streams. No credentials ever appear in its errors.
 * @public
 */
export class KubernetesHttpClient {
  private constructor(
    readonly cluster: ClusterDetails,
    private readonly auth: AuthenticationStrategy,
    private readonly ca: Buffer | undefined,
  ) {}

  static async create(
    cluster: ClusterDetails,
    strategies: Record<string, AuthenticationStrategy>,
  ): Promise<KubernetesHttpClient> {
    const provider = authProviderOf(cluster);
    const auth = strategies[provider];
    if (!auth) {
      throw new Error(
        `cluster '${
          cluster.name
        }': auth provider '${provider}' is not supported by the rollouts cache (supported: ${Object.keys(
          strategies,
        ).join(', ')})`,
      );
    }
    let ca: Buffer | undefined;
    if (cluster.caData) ca = Buffer.from(cluster.caData, 'base64');
    else if (cluster.caFile) ca = await readFile(cluster.caFile);
    return new KubernetesHttpClient(cluster, auth, ca);
  }

  private async options(
    method: string,
    path: string,
    headers: Record<string, string>,
  ): Promise<{
    mod: typeof http | typeof https;
    options: https.RequestOptions;
  }> {
    const url = new URL(
      path,
      this.cluster.url.endsWith('/')
        ? this.cluster.url
        : `${this.cluster.url}/`,
    );
    // keep a base path (e.g. https://host/k8s/clusters/x) in front of the API path
    const base = new URL(this.cluster.url);
    const fullPath = `${base.pathname.replace(/\/$/, '')}${path}`;
    const credential = await this.auth.getCredential(this.cluster, {});
    const allHeaders: Record<string, string> = {
      accept: 'application/json',
      ...headers,
    };
    const options: https.RequestOptions = {
      method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: fullPath,
      headers: allHeaders,
    };
    if (credential.type === 'bearer token') {
      allHeaders.authorization = `Bearer ${credential.token}`;
    } else if (credential.type === 'x509 client certificate') {
      options.cert = credential.cert;
      options.key = credential.key;
    }
    if (url.protocol === 'https:') {
      options.ca = this.ca;
      options.rejectUnauthorized = !this.cluster.skipTLSVerify;
      return { mod: https, options };
    }
    return { mod: http, options };
  }

  /** A JSON request; rejects with KubernetesRequestError. */
  async request<T = any>(
    method: 'GET' | 'PATCH' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    contentType = 'application/json',
    timeoutMs = 15000,
  ): Promise<T> {
    const payload =
      body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const { mod, options } = await this.options(
      method,
      path,
      payload
        ? {
            'content-type': contentType,
            'content-length': String(payload.length),
          }
        : {},
    );
    // Only the response head is awaited inside the request's listeners; the
    // body is read and parsed outside them. A keep-alive socket keeps the
    // finished request and its listeners reachable, and listeners that closed
    // over the parsed body kept every list response (~40 MB for 5,000 pods)
    // in memory next to the slim cache.
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = mod.request(options, resolve);
      req.setTimeout(timeoutMs, () =>
        req.destroy(new Error(`no answer within ${timeoutMs} ms`)),
      );
      req.on('error', e =>
        reject(
          new KubernetesRequestError(
            `cannot reach cluster ${this.cluster.name}: ${describeNetworkError(
              e,
            )}`,
          ),
        ),
      );
      if (payload) req.write(payload);
      req.end();
    });
    let text: string;
    try {
      text = await readText(res);
    } catch (e) {
      throw new KubernetesRequestError(
        `${this.cluster.name}: ${(e as Error).message}`,
      );
    }
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      return parsed as T;
    }
    throw new KubernetesRequestError(
      `${method} ${path} on cluster ${this.cluster.name} failed with ${status}${
        parsed?.message ? `: ${parsed.message}` : ''
      }`,
      status,
      parsed?.reason,
      parsed?.message,
    );
  }

  /**
   * Opens a watch (`?watch=1`) and calls onEvent per event. `done` resolves when the
   * server ends the stream, rejects on connection errors or non-200 answers.
   */
  async watch(
    path: string,
    query: Record<string, string>,
    onEvent: (event: WatchEvent) => void,
    idleTimeoutMs: number,
  ): Promise<WatchHandle> {
    const qs = new URLSearchParams({
      ...query,
      watch: '1',
      allowWatchBookmarks: 'true',
    });
    const { mod, options } = await this.options('GET', `${path}?${qs}`, {});
    let request: http.ClientRequest | undefined;
    let aborted = false;
    const done = new Promise<void>((resolve, reject) => {
      request = mod.request(options, res => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            let message = '';
            try {
              message =
                JSON.parse(Buffer.concat(chunks).toString('utf8')).message ??
                '';
            } catch {
              message = '';
            }
            reject(
              new KubernetesRequestError(
                `watch ${path} on cluster ${this.cluster.name} failed with ${
                  res.statusCode
                }${message ? `: ${message}` : ''}`,
                res.statusCode,
              ),
            );
          });
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl = buffer.indexOf('\n');
          while (nl >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line) {
              try {
                onEvent(JSON.parse(line));
              } catch (e) {
                request?.destroy(e as Error);
              }
            }
            nl = buffer.indexOf('\n');
          }
        });
        res.on('end', () => resolve());
        res.on('error', e =>
          aborted
            ? resolve()
            : reject(
                new KubernetesRequestError(
                  `cannot reach cluster ${this.cluster.name}: connection lost (${e.message})`,
                ),
              ),
        );
        res.on('close', () => resolve());
      });
      // no byte for this long (bookmarks come every minute) → the connection is dead
      request.setTimeout(idleTimeoutMs, () =>
        request?.destroy(new Error(`watch idle for ${idleTimeoutMs} ms`)),
      );
      request.on('error', e =>
        aborted
          ? resolve()
          : reject(
              new KubernetesRequestError(
                `cannot reach cluster ${
                  this.cluster.name
                }: ${describeNetworkError(e)}`,
              ),
            ),
      );
      request.end();
    });
    return {
      done,
      abort: () => {
        aborted = true;
        request?.destroy();
      },
    };
  }
}

function describeNetworkError(e: Error & { code?: string }): string {
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ECONNRESET') return 'connection reset';
  if (e.code === 'ENOTFOUND') return 'host not found';
  if (e.code === 'ETIMEDOUT') return 'connection timed out';
  if (e.code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code))
    return `TLS certificate not trusted (${e.code})`;
  return e.message;
}
