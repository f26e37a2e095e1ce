import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';

/** One Argo CD instance from `argocd.appLocatorMethods` (type `config`). */
export type ArgoCdInstance = {
  name: string;
  url: string;
  token?: string;
  username?: string;
  password?: string;
};

/** Reads `argocd.appLocatorMethods[type=config].instances`. */
export function readArgoCdInstances(config: Config): ArgoCdInstance[] {
  return (config.getOptionalConfigArray('argocd.appLocatorMethods') ?? [])
    .filter(m => m.getString('type') === 'config')
    .flatMap(m => m.getOptionalConfigArray('instances') ?? [])
    .map(i => ({
      name: i.getString('name'),
      url: i.getString('url').replace(/\/+$/, ''),
      token: i.getOptionalString('token'),
      username: i.getOptionalString('username'),
      password: i.getOptionalString('password'),
    }));
}

/** An Argo CD API error with its HTTP status. */
export class ArgoCdApiError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'ArgoCdApiError';
  }
}

/** An Argo CD Application as the API returns it (the fields we use). */
export type ArgoCdApplication = {
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  spec: Record<string, any>;
  [k: string]: unknown;
};

/**
 * The few Argo CD REST calls the scaffolder needs. A username/password
 * session token is fetched once per client and reused.
 */
export class ArgoCdClient {
  private session?: Promise<string>;

  private constructor(private readonly instance: ArgoCdInstance) {}

  static create(instance: ArgoCdInstance): ArgoCdClient {
    return new ArgoCdClient(instance);
  }

  private token(): Promise<string> {
    if (this.instance.token) return Promise.resolve(this.instance.token);
    if (!this.instance.username || !this.instance.password) {
      throw new InputError(
        `instance: Argo CD instance ${this.instance.name} has neither a token nor a username/password`,
      );
    }
    if (!this.session) {
      this.session = (async () => {
        const res = await fetch(`${this.instance.url}/api/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            username: this.instance.username,
            password: this.instance.password,
          }),
        });
        if (!res.ok) {
          throw new NotAllowedError(
            `Argo CD ${this.instance.name} refused the login (HTTP ${res.status})`,
          );
        }
        return ((await res.json()) as { token: string }).token;
      })();
      this.session.catch(() => {
        this.session = undefined;
      });
    }
    return this.session;
  }

  private async call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${this.instance.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token()}`,
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = { message: text };
    }
    return { status: res.status, json };
  }

  /**
   * The application, or undefined when Argo CD does not know it. Uses the
   * list call with a name filter: a get of a missing application answers
   * "permission denied" (Argo CD hides which applications exist), which would
   * be indistinguishable from a real refusal.
   */
  async getApplication(
    name: string,
    appNamespace?: string,
  ): Promise<ArgoCdApplication | undefined> {
    const query = new URLSearchParams({ name });
    if (appNamespace) query.set('appNamespace', appNamespace);
    const { status, json } = await this.call(
      'GET',
      `/api/v1/applications?${query}`,
    );
    if (status === 401 || status === 403) {
      throw new NotAllowedError(
        `Argo CD ${this.instance.name}: ${json?.message ?? `HTTP ${status}`}`,
      );
    }
    if (status !== 200) {
      throw new ArgoCdApiError(
        status,
        `Argo CD ${this.instance.name}: ${json?.message ?? `HTTP ${status}`}`,
      );
    }
    return ((json?.items ?? []) as ArgoCdApplication[]).find(
      a => a.metadata.name === name,
    );
  }

  /** Creates (or with upsert, replaces) the application. */
  async createApplication(
    application: ArgoCdApplication,
    upsert: boolean,
  ): Promise<ArgoCdApplication> {
    const { status, json } = await this.call(
      'POST',
      `/api/v1/applications?upsert=${upsert ? 'true' : 'false'}&validate=true`,
      application,
    );
    if (status === 200) return json;
    if (status === 401 || status === 403) {
      throw new NotAllowedError(
        `Argo CD ${this.instance.name}: ${json?.message ?? `HTTP ${status}`}`,
      );
    }
    if (status === 400 || status === 409 || status === 422) {
      throw new InputError(
        `Argo CD ${this.instance.name} rejected application ${
          application.metadata.name
        }: ${json?.message ?? `HTTP ${status}`}`,
      );
    }
    throw new ArgoCdApiError(
      status,
      `Argo CD ${this.instance.name}: ${json?.message ?? `HTTP ${status}`}`,
    );
  }
}
