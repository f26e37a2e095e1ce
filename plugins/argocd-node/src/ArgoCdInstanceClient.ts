import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ArgoCdInstanceFailureReason,
  ArgoCdRuntimeError,
  ArgoCdSessionResponse,
} from '@supply-chain/plugin-argocd-common';
import { Agent, fetch as undiciFetch } from 'undici';
import { ArgoCdInstanceConfig } from './ArgoCdConfig';

/** The instance could not answer: unreachable, slow, refused our credentials, or broke. */
export class ArgoCdInstanceError extends Error {
  name = 'ArgoCdInstanceError';
  constructor(
    readonly instance: string,
    readonly reason: ArgoCdInstanceFailureReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Argo CD answered, but refused this particular request (400, 404, 409, 412). */
export class ArgoCdRequestRejectedError extends Error {
  name = 'ArgoCdRequestRejectedError';
  constructor(
    readonly instance: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Minimal fetch the client needs; tests may pass their own. */
export type ArgoCdFetch = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal: AbortSignal;
  },
) => Promise<{ status: number; text(): Promise<string> }>;

type Query = Record<string, string | number | boolean | string[] | undefined>;

/** Renew a session this long before its JWT says it expires. */
const SESSION_RENEW_MARGIN_MS = 60_000;

function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function argoMessage(text: string): string {
  try {
    const body = JSON.parse(text) as ArgoCdRuntimeError;
    const message = body.message ?? body.error;
    if (message) return message.slice(0, 500);
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * Talks to one Argo CD instance. Sessions (username/password) are created
 * once, cached, shared by concurrent requests, renewed shortly before the
 * JWT expires and when Argo CD answers 401. Never logs or returns a
 * credential.
 */
export class ArgoCdInstanceClient {
  /** how many sessions were created (POST /api/v1/session) */
  sessionsCreated = 0;
  /** how many requests were sent to Argo CD, sessions included */
  requestsSent = 0;

  private session?: { token: string; expiresAt?: number };
  private pendingSession?: Promise<string>;

  private constructor(
    readonly config: ArgoCdInstanceConfig,
    private readonly deps: {
      logger: LoggerService;
      timeoutMs: number;
      fetch: ArgoCdFetch;
      now: () => number;
    },
  ) {}

  static create(options: {
    config: ArgoCdInstanceConfig;
    logger: LoggerService;
    timeoutMs: number;
    fetch?: ArgoCdFetch;
    now?: () => number;
  }): ArgoCdInstanceClient {
    const { config } = options;
    let fetchImpl = options.fetch;
    if (!fetchImpl) {
      const dispatcher = new Agent({
        connect: {
          ca: config.tls.ca,
          rejectUnauthorized: config.tls.rejectUnauthorized,
        },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      fetchImpl = (url, init) => undiciFetch(url, { ...init, dispatcher });
    }
    return new ArgoCdInstanceClient(config, {
      logger: options.logger.child({ argocdInstance: config.name }),
      timeoutMs: options.timeoutMs,
      fetch: fetchImpl,
      now: options.now ?? Date.now,
    });
  }

  get name(): string {
    return this.config.name;
  }

  /** GET/POST an Argo CD API path; parses the JSON answer. */
  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Query; body?: unknown } = {},
  ): Promise<T> {
    const token = await this.authToken();
    let response = await this.send(method, path, options, token);
    if (
      response.status === 401 &&
      this.config.credentials.type === 'password'
    ) {
      this.deps.logger.info(
        'Argo CD answered 401; renewing the session and retrying once',
      );
      const fresh = await this.renewSession(token);
      response = await this.send(method, path, options, fresh);
    }
    return this.parse<T>(response);
  }

  private async authToken(): Promise<string> {
    const credentials = this.config.credentials;
    if (credentials.type === 'token') return credentials.token;
    const s = this.session;
    if (
      s &&
      (s.expiresAt === undefined ||
        s.expiresAt - SESSION_RENEW_MARGIN_MS > this.deps.now())
    ) {
      return s.token;
    }
    return this.newSession();
  }

  private async renewSession(rejected: string): Promise<string> {
    if (this.session && this.session.token !== rejected) {
      return this.session.token; // another request renewed it already
    }
    this.session = undefined;
    return this.newSession();
  }

  private newSession(): Promise<string> {
    if (!this.pendingSession) {
      this.pendingSession = this.createSession().finally(() => {
        this.pendingSession = undefined;
      });
    }
    return this.pendingSession;
  }

  private async createSession(): Promise<string> {
    const credentials = this.config.credentials;
    if (credentials.type !== 'password') throw new Error('no password');
    this.sessionsCreated += 1;
    const response = await this.send(
      'POST',
      '/api/v1/session',
      {
        body: {
          username: credentials.username,
          password: credentials.password,
        },
      },
      undefined,
    );
    if (response.status === 401 || response.status === 403) {
      throw this.credentialsRejected(response.status);
    }
    const { token } = await this.parse<ArgoCdSessionResponse>(response);
    if (!token) {
      throw new ArgoCdInstanceError(
        this.name,
        'bad-response',
        `Argo CD instance "${this.name}" created a session without a token`,
      );
    }
    this.session = { token, expiresAt: jwtExpiry(token) };
    this.deps.logger.info('created an Argo CD session');
    return token;
  }

  private credentialsRejected(status: number): ArgoCdInstanceError {
    return new ArgoCdInstanceError(
      this.name,
      'credentials-rejected',
      `Argo CD instance "${this.name}" rejected the credentials (HTTP ${status}); check argocd.appLocatorMethods for this instance`,
      status,
    );
  }

  private async send(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown },
    token: string | undefined,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(`${this.config.url}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined || value === '') continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(key, String(v));
      }
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined)
      headers['content-type'] = 'application/json';
    this.requestsSent += 1;
    const signal = AbortSignal.timeout(this.deps.timeoutMs);
    try {
      const response = await this.deps.fetch(url.toString(), {
        method,
        headers,
        body:
          options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      throw this.transportError(error, signal);
    }
  }

  private transportError(
    error: unknown,
    signal: AbortSignal,
  ): ArgoCdInstanceError {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (
      signal.aborted ||
      e?.name === 'TimeoutError' ||
      e?.name === 'AbortError' ||
      e?.cause?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
      e?.cause?.code === 'UND_ERR_BODY_TIMEOUT' ||
      e?.cause?.code === 'UND_ERR_CONNECT_TIMEOUT'
    ) {
      const error_ = new ArgoCdInstanceError(
        this.name,
        'timeout',
        `Argo CD instance "${this.name}" did not answer within ${
          this.deps.timeoutMs / 1000
        } s`,
      );
      this.deps.logger.warn(error_.message);
      return error_;
    }
    const detail = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'error';
    const tls = /CERT|SSL|TLS|self.signed/i.test(
      `${e?.cause?.code ?? ''} ${e?.cause?.message ?? ''}`,
    );
    const error_ = new ArgoCdInstanceError(
      this.name,
      'unreachable',
      `Argo CD instance "${this.name}" is unreachable at ${
        this.config.url
      }: ${detail}${tls ? ' (TLS: set caData/caFile for a private CA)' : ''}`,
    );
    this.deps.logger.warn(error_.message);
    return error_;
  }

  private async parse<T>(response: {
    status: number;
    text: string;
  }): Promise<T> {
    const { status, text } = response;
    if (status >= 200 && status < 300) {
      if (!text) return {} as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ArgoCdInstanceError(
          this.name,
          'bad-response',
          `Argo CD instance "${this.name}" answered HTTP ${status} with a body that is not JSON`,
          status,
        );
      }
    }
    if (status === 401) throw this.credentialsRejected(status);
    if (status === 403) {
      throw new ArgoCdInstanceError(
        this.name,
        'forbidden',
        `Argo CD instance "${
          this.name
        }" refused the request (HTTP 403): ${argoMessage(text)}`,
        status,
      );
    }
    if ([400, 404, 409, 412].includes(status)) {
      throw new ArgoCdRequestRejectedError(
        this.name,
        status,
        argoMessage(text),
      );
    }
    const error = new ArgoCdInstanceError(
      this.name,
      'bad-response',
      `Argo CD instance "${this.name}" answered HTTP ${status}: ${argoMessage(
        text,
      )}`,
      status,
    );
    this.deps.logger.warn(error.message);
    return Promise.reject(error);
  }
}
