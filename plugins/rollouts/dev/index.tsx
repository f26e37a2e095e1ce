/*
 * Standalone loop for the rollouts plugin: `yarn start` in this folder serves
 * the new-system plugin against an in-memory fake of the rollouts backend and
 * the catalog, so the tab, card and pages render without a backend or cluster.
 * Open /rollouts, /ml-models and /dev/entity.
 */
import ReactDOM from 'react-dom/client';
// The dev app stands in for packages/app, which loads the design system's styles.
// eslint-disable-next-line @backstage/no-ui-css-imports-in-non-frontend
import '@backstage/ui/css/styles.css';
import { createApp } from '@backstage/frontend-defaults';
import {
  ApiBlueprint,
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import {
  type RolloutsApi,
  rolloutsApiRef,
} from '@supply-chain/plugin-rollouts-react';
import appPlugin from '@backstage/plugin-app';
import rolloutsPlugin from '../src/alpha';
import { EntityMLModelsCard } from '../src/components/EntityMLModelsCard';
import { EntityRolloutsContent } from '../src/components/EntityRolloutsContent';
import {
  cluster,
  deployment,
  entityRollouts,
  inventoryEntity,
  mlEntity,
  mlModel,
  mlModels,
} from '../src/__fixtures__/rollouts';

const entities: Entity[] = [inventoryEntity, mlEntity];

const fakeRolloutsApi: RolloutsApi = {
  getEntityRollouts: async () =>
    entityRollouts([
      cluster({ deployments: [deployment()] }),
      cluster({
        name: 'prod-eu',
        status: 'unreachable',
        error: 'connect ECONNREFUSED 10.0.0.7:6443',
        deployments: [],
      }),
    ]),
  getDeploymentRollout: async () => {
    throw new Error('not in the dev fake');
  },
  getEntityMLModels: async () =>
    mlModels([
      mlModel(),
      mlModel({
        name: 'predictive-maintenance-v3',
        status: { deploymentStatus: 'failed', reason: 'OOMKilled' },
      }),
    ]),
  getMLModels: async () => mlModels([mlModel()]),
  getClusters: async () => ({ clusters: [] }),
  runAction: async (_entity, target, action) => ({
    action: action.type,
    target,
    message: `${action.type} of deployment "${target.name}" accepted (dev fake)`,
  }),
};

const devModule = createFrontendModule({
  pluginId: 'rollouts',
  extensions: [
    // same id as the plugin's own api:rollouts, so it replaces the real client
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: rolloutsApiRef,
          deps: {},
          factory: () => fakeRolloutsApi,
        }),
    }),
    ApiBlueprint.make({
      name: 'dev-catalog',
      params: defineParams =>
        defineParams({
          api: catalogApiRef,
          deps: {},
          factory: () =>
            ({
              getEntities: async () => ({ items: entities }),
            } as any),
        }),
    }),
    PageBlueprint.make({
      name: 'dev-entity',
      params: {
        path: '/dev/entity',
        title: 'inventory-service (dev)',
        loader: async () => (
          <EntityProvider entity={inventoryEntity}>
            <EntityRolloutsContent />
            <EntityMLModelsCard />
          </EntityProvider>
        ),
      },
    }),
  ],
});

// No backend runs in the dev loop, so there is nobody to sign in against.
const noSignIn = createFrontendModule({
  pluginId: 'app',
  extensions: [
    appPlugin.getExtension('sign-in-page:app').override({ disabled: true }),
  ],
});

const app = createApp({ features: [rolloutsPlugin, devModule, noSignIn] });

ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());
