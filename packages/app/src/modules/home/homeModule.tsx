import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';

/**
 * The portal's home page: the home plugin's page with this layout and these
 * widgets, plus the search plugin's search bar. The generator's widgets that
 * do not belong here (the joke that calls the internet, clocks, toolkit links,
 * visit lists) are disabled in app-config.yaml `app.extensions`.
 */
const homeLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./HomeLayout').then(m => m.HomeLayout),
  },
});

const needsAttentionWidget = HomePageWidgetBlueprint.make({
  name: 'needs-attention',
  params: {
    name: 'NeedsAttention',
    title: 'Needs attention',
    description:
      "Current problems in the system, your teams' first, with the tab that explains each",
    components: () =>
      import('@supply-chain/plugin-attention').then(m => ({
        Content: m.NeedsAttention,
      })),
  },
});

const myServicesWidget = HomePageWidgetBlueprint.make({
  name: 'my-services',
  params: {
    name: 'MyServices',
    title: 'Your services',
    description:
      'Services you and your teams own, with their rollout and Argo CD sync state',
    components: () =>
      import('./widgets/MyServices').then(m => ({ Content: m.MyServices })),
  },
});

const recentDeploymentsWidget = HomePageWidgetBlueprint.make({
  name: 'recent-deployments',
  params: {
    name: 'RecentDeployments',
    title: 'Recent deployments',
    description: 'The latest rollouts across the clusters',
    components: () =>
      import('./widgets/RecentDeployments').then(m => ({
        Content: m.RecentDeployments,
      })),
  },
});

const createWidget = HomePageWidgetBlueprint.make({
  name: 'create',
  params: {
    name: 'CreateSomething',
    title: 'Create',
    description: 'The templates that create a service or an ML model',
    components: () =>
      import('./widgets/CreateSomething').then(m => ({
        Content: m.CreateSomething,
      })),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    homeLayout,
    needsAttentionWidget,
    myServicesWidget,
    recentDeploymentsWidget,
    createWidget,
  ],
});
