import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  EntitySizingService,
  parseSizingEntityRef,
} from '../services/EntitySizingService';

/**
 * Registers `get-entity-sizing` in the actions registry: what
 * `GET /api/capacity/entity` answers (per cluster, per Deployment, per
 * container: requests, limits, usage, the VPA's bounds and verdict, the VPA's
 * update mode in words, the HPA's headroom), with the caller's credentials,
 * for agents (MCP) and scripts.
 */
export function registerEntitySizingAction(options: {
  actionsRegistry: ActionsRegistryService;
  sizing: EntitySizingService;
}) {
  const { actionsRegistry, sizing } = options;
  actionsRegistry.register({
    name: 'get-entity-sizing',
    title: 'Sizing of an entity',
    description: [
      "How the Deployments of a catalog entity are sized, from the portal's watch cache of the clusters and its background poll of their metrics, VPAs and nodes (every capacity.pollIntervalSeconds):",
      'per container its cpu (cores) and memory (bytes) requests and limits, the usage metrics.k8s.io',
      "reports per pod and its share of the requests, the VPA's target/lowerBound/upperBound/uncappedTarget,",
      'a verdict per resource (over-provisioned: requests above the upper bound; under-provisioned:',
      'below the lower bound; within bounds; no recommendation yet), what the VPA does in its update',
      "mode, and the HPA's headroom (current/max replicas, capped). A cluster that cannot be read",
      'is listed as degraded with the error in words, also when the answer shows its last good data.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .max(500)
            .describe('e.g. component:default/ml-prediction-service'),
        }),
      output: z => {
        const amounts = z.object({
          cpu: z.number().optional(),
          memory: z.number().optional(),
        });
        const verdict = z.object({ verdict: z.string(), message: z.string() });
        return z.object({
          entityRef: z.string(),
          clusters: z.array(
            z.object({
              name: z.string(),
              status: z.enum(['ok', 'degraded']),
              error: z.string().optional(),
              deployments: z.array(
                z.object({
                  cluster: z.string(),
                  namespace: z.string(),
                  name: z.string(),
                  replicas: z.number(),
                  vpa: z
                    .object({
                      name: z.string(),
                      updateMode: z.string(),
                      updateModeMeaning: z.string(),
                    })
                    .optional(),
                  hpa: z
                    .object({
                      name: z.string(),
                      currentReplicas: z.number(),
                      minReplicas: z.number(),
                      maxReplicas: z.number(),
                      headroom: z.number(),
                      capped: z.boolean(),
                      message: z.string(),
                    })
                    .optional(),
                  containers: z.array(
                    z.object({
                      name: z.string(),
                      requests: amounts,
                      limits: amounts,
                      podUsage: z.array(
                        z.object({ pod: z.string(), usage: amounts }),
                      ),
                      usage: amounts.optional(),
                      usageShareOfRequests: amounts.optional(),
                      recommendation: z
                        .object({
                          target: amounts,
                          lowerBound: amounts,
                          upperBound: amounts,
                          uncappedTarget: amounts,
                        })
                        .optional(),
                      verdicts: z.object({ cpu: verdict, memory: verdict }),
                    }),
                  ),
                }),
              ),
            }),
          ),
        });
      },
    },
    action: async ({ input, credentials }) => ({
      output: await sizing.sizingFor(
        parseSizingEntityRef(input.entityRef),
        credentials,
      ),
    }),
  });
}
