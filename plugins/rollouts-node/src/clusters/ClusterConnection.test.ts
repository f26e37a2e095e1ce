import { ConfigReader } from '@backstage/config';
import {
  authProviderOf,
  acceptCatalogCluster,
  defaultAuthStrategies,
  readClusterLocatorMethods,
} from './ClusterConnection';

const locators = (clusterLocatorMethods: any[]) =>
  new ConfigReader({ kubernetes: { clusterLocatorMethods } });

describe('readClusterLocatorMethods', () => {
  it('reads config clusters the way the official plugin does', () => {
    const result = readClusterLocatorMethods(
      locators([
        {
          type: 'config',
          clusters: [
            {
              name: 'prod',
              title: 'Production',
              url: 'https://prod.example:6443',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'sa-token',
              caFile: '/etc/ca.crt',
            },
            {
              name: 'dev',
              url: 'https://dev.example:6443',
              caData: 'Y2E=',
              skipTLSVerify: true,
              authMetadata: { 'kubernetes.io/auth-provider': 'anonymous' },
            },
          ],
        },
      ]),
    );
    expect(result).toEqual({
      catalog: false,
      catalogOptions: {},
      unsupported: [],
      clusters: [
        {
          name: 'prod',
          title: 'Production',
          url: 'https://prod.example:6443',
          skipTLSVerify: false,
          caData: undefined,
          caFile: '/etc/ca.crt',
          authMetadata: {
            'kubernetes.io/auth-provider': 'serviceAccount',
            serviceAccountToken: 'sa-token',
          },
        },
        {
          name: 'dev',
          title: undefined,
          url: 'https://dev.example:6443',
          skipTLSVerify: true,
          caData: 'Y2E=',
          caFile: undefined,
          authMetadata: { 'kubernetes.io/auth-provider': 'anonymous' },
        },
      ],
    });
    expect(result.clusters.map(authProviderOf)).toEqual([
      'serviceAccount',
      'anonymous',
    ]);
  });

  it('adds the local kubectl proxy cluster, flags the catalog locator and names unsupported ones', () => {
    const result = readClusterLocatorMethods(
      locators([
        { type: 'localKubectlProxy' },
        { type: 'catalog' },
        { type: 'gke', projectId: 'p' },
      ]),
    );
    expect(result.clusters).toEqual([
      {
        name: 'local',
        url: 'http://127.0.0.1:8001',
        authMetadata: { 'kubernetes.io/auth-provider': 'localKubectlProxy' },
        skipMetricsLookup: true,
      },
    ]);
    expect(result.catalog).toBe(true);
    expect(result.unsupported).toEqual(['gke']);
  });

  it('refuses a cluster without an auth provider, naming it and the field', () => {
    expect(() =>
      readClusterLocatorMethods(
        locators([
          {
            type: 'config',
            clusters: [{ name: 'prod', url: 'https://prod.example' }],
          },
        ]),
      ),
    ).toThrow(
      "cluster 'prod' has no auth provider configured ('authProvider')",
    );
  });

  it('refuses two clusters of the same name', () => {
    expect(() =>
      readClusterLocatorMethods(
        locators([
          {
            type: 'config',
            clusters: [
              { name: 'local', url: 'https://a', authProvider: 'anonymous' },
            ],
          },
          { type: 'localKubectlProxy' },
        ]),
      ),
    ).toThrow("Duplicate cluster name 'local'");
  });

  it('reads nothing when no locator is configured', () => {
    expect(readClusterLocatorMethods(new ConfigReader({}))).toEqual({
      clusters: [],
      catalog: false,
      catalogOptions: {},
      unsupported: [],
    });
  });
});

describe('acceptCatalogCluster', () => {
  it('maps the official kubernetes-cluster annotations, never reads a token and never turns TLS verification off', async () => {
    await expect(
      acceptCatalogCluster(
        {
          metadata: {
            name: 'edge',
            title: 'Edge cluster',
            annotations: {
              'kubernetes.io/api-server': 'https://8.8.8.8:6443',
              'kubernetes.io/api-server-certificate-authority': 'Y2E=',
              'kubernetes.io/auth-provider': 'anonymous',
              'kubernetes.io/skip-tls-verify': 'true',
              serviceAccountToken: 'must-not-be-used',
            },
          },
        },
        { trusted: true },
      ),
    ).resolves.toEqual({
      cluster: {
        name: 'edge',
        title: 'Edge cluster',
        url: 'https://8.8.8.8:6443',
        caData: 'Y2E=',
        skipTLSVerify: false,
        authMetadata: { 'kubernetes.io/auth-provider': 'anonymous' },
      },
    });
  });

  it('refuses an entity without an api-server or auth provider, naming both annotations', async () => {
    const incomplete: Array<Record<string, string>> = [
      { 'kubernetes.io/auth-provider': 'anonymous' },
      { 'kubernetes.io/api-server': 'https://8.8.8.8' },
    ];
    for (const annotations of incomplete) {
      await expect(
        acceptCatalogCluster(
          { metadata: { name: 'a', annotations } },
          { trusted: true },
        ),
      ).resolves.toEqual({
        refused:
          'a: needs the kubernetes.io/api-server and kubernetes.io/auth-provider annotations',
      });
    }
  });

  it('matches *.suffix patterns of dangerouslyAllowClusterUrls', async () => {
    const entity = (url: string) => ({
      metadata: {
        name: 'lab',
        annotations: {
          'kubernetes.io/api-server': url,
          'kubernetes.io/auth-provider': 'anonymous',
        },
      },
    });
    const options = {
      trusted: false,
      dangerouslyAllowClusterUrls: ['*.lab.internal'],
    };
    expect(
      (await acceptCatalogCluster(entity('http://k8s.lab.internal'), options))
        .cluster?.url,
    ).toBe('http://k8s.lab.internal');
    expect(
      (await acceptCatalogCluster(entity('https://lab.internal.evil'), options))
        .refused,
    ).toMatch(/not a trusted source/);
  });
});

describe('auth strategies', () => {
  it('serviceAccount sends the configured token; localKubectlProxy and anonymous send none', async () => {
    const cluster = (authMetadata: Record<string, string>) => ({
      name: 'c',
      url: 'https://c.example',
      authMetadata,
    });
    await expect(
      defaultAuthStrategies.serviceAccount.getCredential(
        cluster({ serviceAccountToken: 'sa-token' }),
        {},
      ),
    ).resolves.toEqual({ type: 'bearer token', token: 'sa-token' });
    await expect(
      defaultAuthStrategies.localKubectlProxy.getCredential(cluster({}), {}),
    ).resolves.toEqual({ type: 'anonymous' });
    await expect(
      defaultAuthStrategies.anonymous.getCredential(cluster({}), {}),
    ).resolves.toEqual({ type: 'anonymous' });
  });
});
