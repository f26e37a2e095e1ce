import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { AttentionReader } from '../services/AttentionReader';

/**
 * Registers `what-needs-attention` in the actions registry: the list of
 * GET /problems, with the caller's credentials, for agents (MCP) and scripts.
 */
export function registerWhatNeedsAttentionAction(options: {
  actionsRegistry: ActionsRegistryService;
  reader: AttentionReader;
}) {
  const { actionsRegistry, reader } = options;
  actionsRegistry.register({
    name: 'what-needs-attention',
    title: 'What needs attention',
    description: [
      'The problems the portal sees right now in the clusters and Argo CD:',
      'stalled or failing rollouts, crash-looping pods, failed ML models, Argo CD applications',
      'whose last sync failed, that are degraded or out of sync with Git.',
      'Each has the entity and owning team, since when, a one-line reason and the portal link',
      'that explains it. Give entityRef or ownerRef to narrow it; only entities the caller can',
      "read are listed; mine marks the caller's teams.",
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .regex(
              /^[^:\s]+:[^\s]+$/,
              'an entity ref such as component:default/order-service',
            )
            .optional()
            .describe('only this entity, e.g. component:default/order-service'),
          ownerRef: z
            .string()
            .regex(
              /^[^:\s]+:[^\s]+$/,
              'an entity ref such as group:default/fulfillment-team',
            )
            .optional()
            .describe('only this owner, e.g. group:default/fulfillment-team'),
        }),
      output: z =>
        z.object({
          problems: z
            .array(
              z.object({
                id: z.string(),
                kind: z.string(),
                severity: z.string(),
                since: z.string(),
                entityRef: z
                  .string()
                  .optional()
                  .describe('absent for unowned workloads'),
                ownerRef: z.string().optional(),
                subject: z.string(),
                title: z.string(),
                reason: z.string(),
                link: z.string(),
                mine: z.boolean(),
              }),
            )
            .describe(
              "the caller's own first, then errors before warnings, oldest first",
            ),
          sources: z
            .array(
              z.object({
                name: z.string(),
                healthy: z.boolean(),
                message: z.string().optional(),
              }),
            )
            .describe('a source that is not healthy may hide problems'),
          evaluatedAt: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: await reader.read(credentials, input),
    }),
  });
}
