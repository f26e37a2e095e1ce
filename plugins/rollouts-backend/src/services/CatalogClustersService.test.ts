import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
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

describe('CatalogClustersService (type: catalog cluster locator)', () => {
  it('registers the kubernetes-cluster Resources of the catalog, and only those', async () => {
    const registered: ClusterDetails[][] = [];
    const service = CatalogClustersService.create({
      catalog: catalogServiceMock({
        entities: [
          resource('edge', 'kubernetes-cluster', {
            'kubernetes.io/api-server': 'https://edge.example:6443',
            'kubernetes.io/api-server-certificate-authority': 'Y2E=',
            'kubernetes.io/auth-provider': 'serviceAccount',
          }),
          resource('incomplete', 'kubernetes-cluster', {
            'kubernetes.io/auth-provider': 'serviceAccount',
          }),
          resource('orders-db', 'database', {
            'kubernetes.io/api-server': 'https://not-a-cluster.example',
            'kubernetes.io/auth-provider': 'serviceAccount',
          }),
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'inventory-service',
              annotations: {
                'kubernetes.io/api-server': 'https://not-a-cluster.example',
                'kubernetes.io/auth-provider': 'serviceAccount',
              },
            },
            spec: { type: 'kubernetes-cluster' },
          },
        ],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      config: mockServices.rootConfig({ data: {} }),
      register: async clusters => void registered.push(clusters),
    });
    await service.refresh();
    expect(registered).toEqual([
      [
        {
          name: 'edge',
          title: undefined,
          url: 'https://edge.example:6443',
          caData: 'Y2E=',
          skipTLSVerify: false,
          authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
        },
      ],
    ]);
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
    });
    await expect(service.refresh()).resolves.toBeUndefined();
    expect(register).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      'rollouts: could not read kubernetes-cluster entities: catalog is down',
    );
  });
});
