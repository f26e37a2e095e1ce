import { ConfigReader } from '@backstage/config';
import {
  authProviderOf,
  clusterFromCatalogEntity,
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
      unsupported: [],
    });
  });
});

describe('clusterFromCatalogEntity', () => {
  it('maps the official kubernetes-cluster annotations and never reads a token from the catalog', () => {
    expect(
      clusterFromCatalogEntity({
        metadata: {
          name: 'edge',
          title: 'Edge cluster',
          annotations: {
            'kubernetes.io/api-server': 'https://edge.example:6443',
            'kubernetes.io/api-server-certificate-authority': 'Y2E=',
            'kubernetes.io/auth-provider': 'serviceAccount',
            'kubernetes.io/skip-tls-verify': 'true',
            serviceAccountToken: 'must-not-be-used',
          },
        },
      }),
    ).toEqual({
      name: 'edge',
      title: 'Edge cluster',
      url: 'https://edge.example:6443',
      caData: 'Y2E=',
      skipTLSVerify: true,
      authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
    });
  });

  it('skips an entity without an api-server or auth provider', () => {
    expect(
      clusterFromCatalogEntity({
        metadata: {
          name: 'a',
          annotations: { 'kubernetes.io/auth-provider': 'serviceAccount' },
        },
      }),
    ).toBeUndefined();
    expect(
      clusterFromCatalogEntity({
        metadata: {
          name: 'b',
          annotations: { 'kubernetes.io/api-server': 'https://b.example' },
        },
      }),
    ).toBeUndefined();
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
