import { readFileSync } from 'node:fs';
import { Config } from '@backstage/config';

/** One configured Argo CD instance. @public */
export interface ArgoCdInstanceConfig {
  name: string;
  /** API base URL without a trailing slash */
  url: string;
  /** UI base URL without a trailing slash */
  frontendUrl: string;
  credentials:
    | { type: 'token'; token: string }
    | { type: 'password'; username: string; password: string };
  tls: { ca?: string; rejectUnauthorized: boolean };
}

/** Settings of the whole family, from `argocd.*`. @public */
export interface ArgoCdSettings {
  instances: ArgoCdInstanceConfig[];
  requestTimeoutMs: number;
  metadataConcurrency: number;
}

const INSTANCE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function baseUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${key} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${key} must be an http(s) URL`);
  }
  if (url.username || url.password) {
    throw new Error(
      `${key} must not carry credentials; use token or username/password`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * Reads `argocd.appLocatorMethods[type=config].instances[]`. Errors name the
 * config key, never a value.
 */
export function readArgoCdSettings(config: Config): ArgoCdSettings {
  const root = config.getOptionalConfig('argocd');
  const instances: ArgoCdInstanceConfig[] = [];
  const fallbackUser = root?.getOptionalString('username');
  const fallbackPassword = root?.getOptionalString('password');
  const methods = root?.getOptionalConfigArray('appLocatorMethods') ?? [];
  methods.forEach((method, m) => {
    if (method.getString('type') !== 'config') return;
    method.getOptionalConfigArray('instances')?.forEach((instance, i) => {
      const key = `argocd.appLocatorMethods[${m}].instances[${i}]`;
      const name = instance.getString('name');
      if (!INSTANCE_NAME.test(name)) {
        throw new Error(
          `${key}.name must be letters, digits, '-', '_' or '.' (at most 63)`,
        );
      }
      if (instances.some(x => x.name === name)) {
        throw new Error(`${key}.name: instance '${name}' is configured twice`);
      }
      const url = baseUrl(instance.getString('url'), `${key}.url`);
      const frontend = instance.getOptionalString('frontendUrl');
      const token = instance.getOptionalString('token');
      const username = instance.getOptionalString('username') ?? fallbackUser;
      const password =
        instance.getOptionalString('password') ?? fallbackPassword;
      let credentials: ArgoCdInstanceConfig['credentials'];
      if (token) {
        credentials = { type: 'token', token };
      } else if (username && password) {
        credentials = { type: 'password', username, password };
      } else {
        throw new Error(
          `${key} (instance '${name}') needs token, or username and password`,
        );
      }
      const caFile = instance.getOptionalString('caFile');
      let ca = instance.getOptionalString('caData');
      if (!ca && caFile) {
        try {
          ca = readFileSync(caFile, 'utf8');
        } catch (e) {
          throw new Error(
            `${key}.caFile could not be read: ${(e as Error).message}`,
          );
        }
      }
      instances.push({
        name,
        url,
        frontendUrl: frontend ? baseUrl(frontend, `${key}.frontendUrl`) : url,
        credentials,
        tls: {
          ca,
          rejectUnauthorized: !instance.getOptionalBoolean('skipTLSVerify'),
        },
      });
    });
  });
  const requestTimeoutMs =
    root?.getOptionalNumber('requestTimeoutMs') ?? 10_000;
  const metadataConcurrency =
    root?.getOptionalNumber('metadataConcurrency') ?? 4;
  if (!(requestTimeoutMs > 0)) {
    throw new Error('argocd.requestTimeoutMs must be a positive number');
  }
  if (!(metadataConcurrency >= 1)) {
    throw new Error('argocd.metadataConcurrency must be at least 1');
  }
  return {
    instances,
    requestTimeoutMs,
    metadataConcurrency: Math.floor(metadataConcurrency),
  };
}
