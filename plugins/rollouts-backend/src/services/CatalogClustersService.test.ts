import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { ConfigReader } from '@backstage/config';
import { TrustedSources } from '@supply-chain/plugin-service-boundaries-node';
import { CatalogClustersService } from './CatalogClustersService';

const resource = (
  name: string,
  type: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', annotations },
  spec: { type, owner: 'group:default/platform-team' },
});

const TRUSTED = 'url:http://catalog.test/org/clusters.yaml';
const trust = TrustedSources.fromConfig(
  new ConfigReader({
    supplyChain: {
      ownership: { trustedLocations: ['url:http://catalog.test/org/'] },
    },
  }),
);

function withOrigin(entity: Entity, origin: string): Entity {
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-origin-location': origin,
  };
  return entity;
}

async function refreshWith(
  entities: Entity[],
  locator: Record<string, unknown> = {},
) {
  const registered: ClusterDetails[][] = [];
  const logger = mockServices.logger.mock();
  const service = CatalogClustersService.create({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger,
    config: mockServices.rootConfig({
      data: {
        kubernetes: {
          clusterLocatorMethods: [{ type: 'catalog', ...locator }],
        },
      },
    }),
    register: async clusters => void registered.push(clusters),
    trust,
  });
  await service.refresh();
  return {
    registered,
    refusals: logger.warn.mock.calls.map(c => c[0]),
  };
}

describe('CatalogClustersService (type: catalog cluster locator)', () => {
  it('registers the kubernetes-cluster Resources of a trusted source on public https, without TLS verification off', async () => {
    const { registered, refusals } = await refreshWith([
      withOrigin(
        resource('edge', 'kubernetes-cluster', {
          'kubernetes.io/api-server': 'https://8.8.8.8:6443',
          'kubernetes.io/api-server-certificate-authority': 'Y2E=',
          'kubernetes.io/auth-provider': 'anonymous',
          'kubernetes.io/skip-tls-verify': 'true',
        }),
        TRUSTED,
      ),
      withOrigin(
        resource('orders-db', 'database', {
          'kubernetes.io/api-server': 'https://8.8.4.4',
          'kubernetes.io/auth-provider': 'anonymous',
        }),
        TRUSTED,
      ),
    ]);
    expect(registered).toEqual([
      [
        {
          name: 'edge',
          title: undefined,
          url: 'https://8.8.8.8:6443',
          caData: 'Y2E=',
          skipTLSVerify: false,
          authMetadata: { 'kubernetes.io/auth-provider': 'anonymous' },
        },
      ],
    ]);
    expect(refusals).toEqual([]);
  });

  it.each([
    [
      'the serviceAccount provider (it would get the portal’s mounted token)',
      { 'kubernetes.io/auth-provider': 'serviceAccount' },
      TRUSTED,
      "rollouts: catalog cluster refused: attacker: the serviceAccount auth provider is not accepted from the catalog (it would send the portal's own token)",
    ],
    [
      'an untrusted location',
      {},
      'url:http://git.test/someone/repo/catalog-info.yaml',
      'rollouts: catalog cluster refused: attacker: comes from a catalog location that is not a trusted source and 8.8.8.8 is not in dangerouslyAllowClusterUrls',
    ],
    [
      'plain http',
      { 'kubernetes.io/api-server': 'http://8.8.8.8:6443' },
      TRUSTED,
      'rollouts: catalog cluster refused: attacker: kubernetes.io/api-server must use https',
    ],
    [
      'a loopback address',
      { 'kubernetes.io/api-server': 'https://127.0.0.1:6443' },
      TRUSTED,
      'rollouts: catalog cluster refused: attacker: 127.0.0.1 is a non-public address (allow it in dangerouslyAllowClusterUrls)',
    ],
    [
      'a private address',
      { 'kubernetes.io/api-server': 'https://10.0.0.1' },
      TRUSTED,
      'rollouts: catalog cluster refused: attacker: 10.0.0.1 is a non-public address (allow it in dangerouslyAllowClusterUrls)',
    ],
    [
      'credentials in the URL',
      { 'kubernetes.io/api-server': 'https://u:p@8.8.8.8' },
      TRUSTED,
      'rollouts: catalog cluster refused: attacker: kubernetes.io/api-server must not contain credentials',
    ],
  ])('refuses %s', async (_what, annotations, origin, refusal) => {
    const { registered, refusals } = await refreshWith([
      withOrigin(
        resource('attacker', 'kubernetes-cluster', {
          'kubernetes.io/api-server': 'https://8.8.8.8:6443',
          'kubernetes.io/auth-provider': 'anonymous',
          ...annotations,
        }),
        origin,
      ),
    ]);
    expect(registered).toEqual([[]]);
    expect(refusals).toEqual([refusal]);
  });

  it('accepts an allow-listed host from any source, as the official locator’s dangerouslyAllowClusterUrls', async () => {
    const { registered } = await refreshWith(
      [
        withOrigin(
          resource('lab', 'kubernetes-cluster', {
            'kubernetes.io/api-server': 'http://127.0.0.1:6443',
            'kubernetes.io/auth-provider': 'anonymous',
          }),
          'url:http://git.test/someone/repo/catalog-info.yaml',
        ),
      ],
      { dangerouslyAllowClusterUrls: ['127.0.0.1'] },
    );
    expect(registered[0].map(c => c.name)).toEqual(['lab']);
  });

  it('keeps the clusters it has and logs when the catalog cannot be read', async () => {
    const logger = mockServices.logger.mock();
    const register = jest.fn();
    const catalog = catalogServiceMock.mock({
      getEntities: async () => {
        throw new Error('catalog is down');
      },
    });
    const service = CatalogClustersService.create({
      catalog,
      auth: mockServices.auth(),
      logger,
      config: mockServices.rootConfig({ data: {} }),
      register,
      trust,
    });
    await expect(service.refresh()).resolves.toBeUndefined();
    expect(register).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      'rollouts: could not read kubernetes-cluster entities: catalog is down',
    );
  });
});
