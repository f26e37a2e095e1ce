import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { serviceBoundariesOwnersReadPermission } from '@supply-chain/plugin-service-boundaries-common';
import { ServiceBoundariesService } from '../services/ServiceBoundariesService';

/** Most identifiers one action call accepts. */
const MAX_ACTION_IDENTIFIERS = 200;

/**
 * Registers `who-owns` in the actions registry (id
 * `service-boundaries:who-owns`): the same lookup as `GET /owners`, for
 * agents (MCP) and other plugins, with the caller's credentials.
 */
export function registerWhoOwnsAction(options: {
  actionsRegistry: ActionsRegistryService;
  service: ServiceBoundariesService;
}) {
  const { actionsRegistry, service } = options;
  actionsRegistry.register({
    name: 'who-owns',
    title: 'Who owns …?',
    description: [
      'Finds the catalog component, system and owning team (with members, emails and contact links) of identifiers:',
      'an entity ref or name (component:default/inventory-service, inventory-service),',
      'a Kubernetes workload cluster/namespace/kind/name (sandbox/supply-chain/deployment/order-service),',
      'a namespace (namespace:supply-chain), an Istio principal (cluster.local/ns/supply-chain/sa/order-service-sa),',
      'a container image (your-registry/inventory-service:v1.2.3), an Argo CD application (argocd:inventory-service)',
      'or an MLModel (mlmodel:demand-forecasting-v2). Each answer says how the match was made.',
    ].join(' '),
    visibilityPermission: serviceBoundariesOwnersReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          identifiers: z
            .array(z.string().min(1).max(500))
            .min(1)
            .max(MAX_ACTION_IDENTIFIERS)
            .describe('What to look up, one identifier per item'),
        }),
      output: z =>
        z.object({
          answers: z.array(
            z.object({
              query: z.string(),
              status: z
                .enum(['matched', 'ambiguous', 'none'])
                .describe('ambiguous: several candidates, strongest first'),
              message: z.string(),
              tried: z.array(z.string()).describe('identifier kinds tried'),
              clusterStatus: z.enum(['available', 'unavailable']),
              matches: z.array(
                z.object({
                  rank: z.number(),
                  matchedBy: z.string(),
                  explanation: z.string(),
                  entityRef: z.string(),
                  systemRef: z.string().optional(),
                  owner: z
                    .object({
                      ref: z.string(),
                      title: z.string().optional(),
                      email: z.string().optional(),
                      links: z.array(
                        z.object({
                          url: z.string(),
                          title: z.string().optional(),
                        }),
                      ),
                      members: z.array(
                        z.object({
                          ref: z.string(),
                          displayName: z.string().optional(),
                          email: z.string().optional(),
                        }),
                      ),
                    })
                    .optional(),
                }),
              ),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'Who owns a mesh principal',
        input: {
          identifiers: ['cluster.local/ns/supply-chain/sa/order-service-sa'],
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const answers = await service.whoOwns(input.identifiers, credentials);
      return {
        output: {
          answers: answers.map(a => ({
            query: a.query,
            status: a.status,
            message: a.message,
            tried: a.tried,
            clusterStatus: a.cluster.status,
            matches: a.matches.map(m => ({
              rank: m.rank,
              matchedBy: m.matchedBy,
              explanation: m.explanation,
              entityRef: m.entity.ref,
              systemRef: m.system?.ref,
              owner: m.owner && {
                ref: m.owner.ref,
                title: m.owner.title,
                email: m.owner.email,
                links: m.owner.links.map(l => ({ url: l.url, title: l.title })),
                members: m.owner.members.map(u => ({
                  ref: u.ref,
                  displayName: u.displayName,
                  email: u.email,
                })),
              },
            })),
          })),
        },
      };
    },
  });
}
