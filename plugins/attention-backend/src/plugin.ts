import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { argocdInstancesServiceRef } from '@supply-chain/plugin-argocd-node';
import { rolloutsClusterCacheServiceRef } from '@supply-chain/plugin-rollouts-node';
import { clusterFactsSourceServiceRef } from '@supply-chain/plugin-service-boundaries-node';
import { registerWhatNeedsAttentionAction } from './actions/whatNeedsAttentionAction';
import { createRouter } from './router';
import { AttentionEvaluator } from './services/AttentionEvaluator';
import { AttentionReader } from './services/AttentionReader';
import { ProblemStore } from './services/ProblemStore';
import { ServicesReader } from './services/ServicesReader';
import { readAttentionSettings } from './settings';

const DAY_MS = 86_400_000;
/** cluster changes come in bursts (a rollout touches many pods): one evaluation per burst */
const CHANGE_DEBOUNCE_MS = 2_000;

/**
 * The attention backend plugin: evaluates what needs attention from the
 * shared watch cache, Argo CD and the service-boundaries drift report (on every burst of cluster changes and every
 * `attention.evaluateEverySeconds`), keeps the problems in its database,
 * notifies the owning group once per problem, and serves the list
 * (`GET /api/attention/problems`, the `what-needs-attention` action), and
 * the home page's "Your services" (`GET /api/attention/services`).
 *
 * @public
 */
export const attentionPlugin = createBackendPlugin({
  pluginId: 'attention',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        cache: rolloutsClusterCacheServiceRef,
        argocd: argocdInstancesServiceRef,
        clusterFacts: clusterFactsSourceServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const settings = readAttentionSettings(deps.config);
        const store = await ProblemStore.create({
          database: deps.database,
          resolveAfterMs: settings.resolveAfterSeconds * 1000,
        });
        const evaluator = new AttentionEvaluator({
          catalog: deps.catalog,
          auth: deps.auth,
          cache: deps.cache,
          argocd: deps.argocd,
          clusterFacts: deps.clusterFacts,
          store,
          notifications: deps.notifications,
          signals: deps.signals,
          logger: deps.logger,
          notify: settings.notify,
        });
        const evaluate = (refreshArgoCd: boolean) =>
          evaluator
            .evaluate({ refreshArgoCd })
            .catch(error =>
              deps.logger.error(`attention evaluation failed: ${error}`),
            );

        let timer: NodeJS.Timeout | undefined;
        let unsubscribe: (() => void) | undefined;
        deps.lifecycle.addStartupHook(() => {
          // does not hold up startup while clusters list
          deps.cache
            .waitForSync(30_000)
            .then(() => evaluate(true))
            .then(() => {
              unsubscribe = deps.cache.subscribe(() => {
                if (timer) return;
                timer = setTimeout(() => {
                  timer = undefined;
                  evaluate(false);
                }, CHANGE_DEBOUNCE_MS);
              });
            });
        });
        deps.lifecycle.addShutdownHook(() => {
          unsubscribe?.();
          if (timer) clearTimeout(timer);
        });

        // every replica evaluates (its own cache); the store makes each announcement once
        await deps.scheduler.scheduleTask({
          id: 'attention-evaluate',
          scope: 'local',
          frequency: { seconds: settings.evaluateEverySeconds },
          timeout: { minutes: 2 },
          initialDelay: { seconds: settings.evaluateEverySeconds },
          fn: async () => {
            await evaluate(true);
          },
        });
        await deps.scheduler.scheduleTask({
          id: 'attention-prune',
          frequency: { hours: 6 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 5 },
          fn: async () => {
            await store.prune(Date.now() - 7 * DAY_MS);
          },
        });

        const reader = new AttentionReader({
          store,
          catalog: deps.catalog,
          userInfo: deps.userInfo,
          permissions: deps.permissions,
          lastEvaluation: () => evaluator.lastEvaluation,
        });
        registerWhatNeedsAttentionAction({
          actionsRegistry: deps.actionsRegistry,
          reader,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            reader,
            services: new ServicesReader({
              catalog: deps.catalog,
              userInfo: deps.userInfo,
              permissions: deps.permissions,
              cache: deps.cache,
              argoCd: () => evaluator.lastArgoCdListing,
            }),
          }),
        );
      },
    });
  },
});
