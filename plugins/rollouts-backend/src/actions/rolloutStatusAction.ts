import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { rolloutsReadPermission } from '@supply-chain/plugin-rollouts-common';
import { EntityRolloutsService } from '../services/EntityRolloutsService';

/**
 * Registers `get-rollout-status` in the actions registry: what the Rollouts
 * tab shows of an entity (per cluster, per Deployment: phase in kubectl's
 * words, revision, replicas, failing pods, who may act), with the caller's
 * credentials, for agents (MCP) and scripts.
 */
export function registerRolloutStatusAction(options: {
  actionsRegistry: ActionsRegistryService;
  entities: EntityRolloutsService;
}) {
  const { actionsRegistry, entities } = options;
  actionsRegistry.register({
    name: 'get-rollout-status',
    title: 'Rollout status of an entity',
    description: [
      'The live rollout status of the Deployments of a catalog entity, from the clusters:',
      'per cluster its health, per Deployment the phase (complete, progressing, paused,',
      'stalled, failing) with the message `kubectl rollout status` would print, the current',
      'revision and its images, desired/updated/ready/available replicas, the pods that fail and',
      'why, and which entity may act on it through the portal.',
    ].join(' '),
    visibilityPermission: rolloutsReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .max(500)
            .describe('e.g. component:default/order-service'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          clusters: z.array(
            z.object({
              name: z.string(),
              status: z.string(),
              error: z.string().optional(),
              deployments: z.array(
                z.object({
                  namespace: z.string(),
                  name: z.string(),
                  phase: z.string(),
                  message: z.string(),
                  revision: z.number(),
                  images: z.array(z.string()),
                  desiredReplicas: z.number(),
                  updatedReplicas: z.number(),
                  readyReplicas: z.number(),
                  availableReplicas: z.number(),
                  failingPods: z.array(
                    z.object({ name: z.string(), problem: z.string() }),
                  ),
                  writer: z.string().optional(),
                  ownership: z.string().optional(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      let ref;
      try {
        ref = parseEntityRef(input.entityRef, { defaultKind: 'component' });
      } catch (error) {
        throw new InputError(
          `entityRef: ${
            (error as Error).message
          } (e.g. component:default/order-service)`,
        );
      }
      const entity = await entities.getEntity(ref, credentials);
      const rollouts = await entities.withOwnership(
        entities.rolloutsFor(entity),
      );
      return {
        output: {
          entityRef: rollouts.entityRef,
          clusters: rollouts.clusters.map(c => ({
            name: c.name,
            status: c.status,
            ...(c.error ? { error: c.error } : {}),
            deployments: c.deployments.map(d => ({
              namespace: d.namespace,
              name: d.name,
              phase: d.phase,
              message: d.phaseMessage,
              revision: d.revision,
              images: d.revisions.find(r => r.current)?.images ?? [],
              desiredReplicas: d.desiredReplicas,
              updatedReplicas: d.updatedReplicas,
              readyReplicas: d.readyReplicas,
              availableReplicas: d.availableReplicas,
              failingPods: d.podsByRevision
                .flatMap(r => r.pods)
                .filter(p => p.reason)
                .map(p => ({ name: p.name, problem: p.message ?? p.reason! })),
              ...(d.ownership?.writer ? { writer: d.ownership.writer } : {}),
              ...(d.ownership ? { ownership: d.ownership.reason } : {}),
            })),
          })),
        },
      };
    },
  });
}
