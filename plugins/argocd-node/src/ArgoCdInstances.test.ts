import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  ArgoCdInstancesService,
  argocdInstancesServiceRef,
} from './ArgoCdInstances';

describe('argocdInstancesServiceRef', () => {
  it('gives every plugin the same clients, one per configured instance', async () => {
    const seen: ArgoCdInstancesService[] = [];
    const consumer = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(env) {
          env.registerInit({
            deps: {
              instances: argocdInstancesServiceRef,
              logger: coreServices.logger,
            },
            async init({ instances }) {
              seen.push(instances);
            },
          });
        },
      });
    const backend = await startTestBackend({
      features: [
        consumer('first'),
        consumer('second'),
        mockServices.rootConfig.factory({
          data: {
            argocd: {
              appLocatorMethods: [
                {
                  type: 'config',
                  instances: [
                    {
                      name: 'prod',
                      url: 'https://argocd.example/',
                      token: 't',
                    },
                    {
                      name: 'staging',
                      url: 'https://argocd-staging.example',
                      username: 'admin',
                      password: 'p',
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0].instanceNames()).toEqual(['prod', 'staging']);
    expect(seen[0].client('prod')?.config.url).toBe('https://argocd.example');
    expect(seen[0].client('nope')).toBeUndefined();
    await backend.stop();
  });

  it('fails startup with the config key when an instance has no credentials', async () => {
    await expect(
      startTestBackend({
        features: [
          createBackendPlugin({
            pluginId: 'consumer',
            register(env) {
              env.registerInit({
                deps: { instances: argocdInstancesServiceRef },
                async init() {},
              });
            },
          }),
          mockServices.rootConfig.factory({
            data: {
              argocd: {
                appLocatorMethods: [
                  {
                    type: 'config',
                    instances: [{ name: 'prod', url: 'https://a.example' }],
                  },
                ],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/argocd\.appLocatorMethods\[0\]\.instances\[0\]/);
  });
});
