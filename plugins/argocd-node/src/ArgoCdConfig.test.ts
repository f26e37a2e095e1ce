import { ConfigReader } from '@backstage/config';
import { readArgoCdSettings } from './ArgoCdConfig';

const withInstances = (instances: object[], extra: object = {}) =>
  new ConfigReader({
    argocd: { ...extra, appLocatorMethods: [{ type: 'config', instances }] },
  });

describe('readArgoCdSettings', () => {
  it('reads token and username/password instances in order, with defaults', () => {
    const settings = readArgoCdSettings(
      withInstances([
        { name: 'sandbox', url: 'http://127.0.0.1:46080/', token: 't' },
        {
          name: 'prod',
          url: 'https://argocd.example.com',
          username: 'u',
          password: 'p',
          frontendUrl: 'https://ui.example.com/',
          skipTLSVerify: true,
          caData: 'PEM',
        },
      ]),
    );
    expect(settings.requestTimeoutMs).toBe(10000);
    expect(settings.metadataConcurrency).toBe(4);
    expect(settings.instances).toEqual([
      {
        name: 'sandbox',
        url: 'http://127.0.0.1:46080',
        frontendUrl: 'http://127.0.0.1:46080',
        credentials: { type: 'token', token: 't' },
        tls: { ca: undefined, rejectUnauthorized: true },
      },
      {
        name: 'prod',
        url: 'https://argocd.example.com',
        frontendUrl: 'https://ui.example.com',
        credentials: { type: 'password', username: 'u', password: 'p' },
        tls: { ca: 'PEM', rejectUnauthorized: false },
      },
    ]);
  });

  it('falls back to argocd.username/password (Roadie configuration)', () => {
    const settings = readArgoCdSettings(
      withInstances([{ name: 'a', url: 'https://a.example.com' }], {
        username: 'u',
        password: 'p',
      }),
    );
    expect(settings.instances[0].credentials).toEqual({
      type: 'password',
      username: 'u',
      password: 'p',
    });
  });

  it('no argocd block: no instances', () => {
    expect(readArgoCdSettings(new ConfigReader({})).instances).toEqual([]);
  });

  it.each([
    [
      [{ name: 'a', url: 'https://a.example.com' }],
      "argocd.appLocatorMethods[0].instances[0] (instance 'a') needs token, or username and password",
    ],
    [
      [{ name: 'a', url: 'ftp://a', token: 'secret-x' }],
      'argocd.appLocatorMethods[0].instances[0].url must be an http(s) URL',
    ],
    [
      [{ name: 'a', url: 'https://user:secret-x@a.example.com', token: 't' }],
      'argocd.appLocatorMethods[0].instances[0].url must not carry credentials',
    ],
    [
      [
        { name: 'a', url: 'https://a', token: 't' },
        { name: 'a', url: 'https://b', token: 't' },
      ],
      "argocd.appLocatorMethods[0].instances[1].name: instance 'a' is configured twice",
    ],
    [
      [{ name: 'a b', url: 'https://a', token: 't' }],
      'argocd.appLocatorMethods[0].instances[0].name must be',
    ],
    [
      [
        {
          name: 'a',
          url: 'https://a',
          token: 't',
          caFile: '/nonexistent/ca.pem',
        },
      ],
      'argocd.appLocatorMethods[0].instances[0].caFile could not be read',
    ],
  ])('refuses %j naming the key, never a secret', (instances, message) => {
    let error: Error | undefined;
    try {
      readArgoCdSettings(withInstances(instances));
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toContain(message);
    expect(error?.message).not.toContain('secret-x');
  });
});
