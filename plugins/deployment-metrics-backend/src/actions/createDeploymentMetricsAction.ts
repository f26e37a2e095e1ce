import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  deploymentMetricsReadPermission,
  parseMetricsWindow,
} from '@supply-chain/plugin-deployment-metrics-common';
import { DeploymentMetricsService } from '../services/DeploymentMetricsService';

/**
 * Registers `get-deployment-metrics` in the actions registry: the numbers of
 * `GET /entity/.../metrics` (with an entity ref) or `GET /metrics` (with
 * groupBy), for agents (MCP) and scripts, with the caller's credentials.
 */
export function registerDeploymentMetricsAction(options: {
  actionsRegistry: ActionsRegistryService;
  metrics: DeploymentMetricsService;
  retentionDays: number;
  now?: () => number;
}) {
  const { actionsRegistry, metrics, retentionDays } = options;
  const now = options.now ?? Date.now;
  actionsRegistry.register({
    name: 'get-deployment-metrics',
    title: 'Deployment metrics',
    description: [
      'Deployment metrics measured from what the clusters and Argo CD did:',
      'deployments per day and week, median and p90 rollout duration, first-time success rate,',
      'median time to recover, rollbacks, rollouts during which available replicas fell below desired,',
      'and Argo CD syncs. Give entityRef (a component, team or system) for its numbers in the window',
      'and the window before, or groupBy (service, team, system) to compare all of them.',
      'Without events the answer says since when nothing was observed instead of zeros.',
    ].join(' '),
    visibilityPermission: deploymentMetricsReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .max(500)
            .optional()
            .describe('e.g. component:default/order-service'),
          groupBy: z
            .enum(['service', 'team', 'system'])
            .optional()
            .describe('compare every service, team or system'),
          from: z
            .string()
            .optional()
            .describe('ISO date or date-time; default: 30 days before to'),
          to: z
            .string()
            .optional()
            .describe('ISO date or date-time; default: now'),
        }),
      output: z =>
        z.object({
          metrics: z
            .record(z.string(), z.unknown())
            .describe(
              'the JSON of GET /entity/:kind/:namespace/:name/metrics or GET /metrics',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      if (!input.entityRef === !input.groupBy) {
        throw new InputError('give exactly one of entityRef or groupBy');
      }
      const parsed = parseMetricsWindow(
        { from: input.from, to: input.to },
        { now: new Date(now()), retentionDays },
      );
      if (!parsed.ok) throw new InputError(parsed.message);
      const result = input.entityRef
        ? await metrics.entityMetrics(
            input.entityRef,
            parsed.window,
            credentials,
          )
        : await metrics.groupMetrics(
            input.groupBy!,
            parsed.window,
            credentials,
          );
      return {
        output: { metrics: result as unknown as Record<string, unknown> },
      };
    },
  });
}
