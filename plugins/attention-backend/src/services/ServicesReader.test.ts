import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ArgoCdApplication } from '@supply-chain/plugin-argocd-common';
import { component, FakeCluster, workload } from '../__fixtures__/cluster';
import { ArgoCdListing } from './AttentionEvaluator';
import { ServicesReader } from './ServicesReader';

const AISHA = 'user:default/aisha.bello';
const INVENTORY_TEAM = 'group:default/inventory-team';
const BOB = 'user:default/bob.fulfillment';
const FULFILLMENT_TEAM = 'group:default/fulfillment-team';

/** Each user's ownership refs, as the sign-in resolver issued them. */
const OWNERSHIP: Record<string, string[]> = {
  [AISHA]: [AISHA, INVENTORY_TEAM],
  [BOB]: [BOB, FULFILLMENT_TEAM],
};
const userInfo = {
  async getUserInfo(credentials: BackstageCredentials) {
    const userEntityRef = (credentials.principal as BackstageUserPrincipal)
      .userEntityRef;
    return {
      userEntityRef,
      ownershipEntityRefs: OWNERSHIP[userEntityRef] ?? [userEntityRef],
    };
  },
} as UserInfoService;

/** A Component as the catalog serves it: spec.owner and the ownedBy relation. */
function owned(name: string, owner: string, title?: string): Entity {
  const entity = component(name, owner);
  if (title) entity.metadata.title = title;
  return { ...entity, relations: [{ type: 'ownedBy', targetRef: owner }] };
}

const inventory = owned(
  'inventory-service',
  INVENTORY_TEAM,
  'Inventory Service',
);
const stockAudit = owned('stock-audit', INVENTORY_TEAM, 'A Stock Audit');
/** inventory-team's too, but the catalog's permission rules hide it from aisha */
const restricted = owned('inventory-pricing', INVENTORY_TEAM);
const order = owned('order-service', FULFILLMENT_TEAM);
const docsOnly: Entity = {
  ...owned('inventory-docs', INVENTORY_TEAM),
  metadata: {
    name: 'inventory-docs',
    namespace: 'default',
    title: 'Inventory Docs',
  },
};
const onlyTheTeamsApi: Entity = {
  ...owned('inventory-api', INVENTORY_TEAM),
  kind: 'API',
};

/**
 * The catalog as the permission framework filters it: `restricted` is not
 * readable by aisha; every other entity is. The in-memory catalog applies the
 * request's filter and fields.
 */
function permissionFilteredCatalog(entities: Entity[]) {
  const inner = catalogServiceMock({ entities });
  const calls: BackstageCredentials[] = [];
  const catalog = {
    async getEntities(
      request: Parameters<CatalogService['getEntities']>[0],
      options: { credentials: BackstageCredentials },
    ) {
      calls.push(options.credentials);
      const { items } = await inner.getEntities(request, options);
      const principal = options.credentials.principal as
        | BackstageUserPrincipal
        | undefined;
      return {
        items: items.filter(
          e =>
            !(
              principal?.userEntityRef === AISHA &&
              e.metadata.name === restricted.metadata.name
            ),
        ),
      };
    },
  } as unknown as CatalogService;
  return { catalog, calls };
}

function app(
  name: string,
  sync: string,
  health: string,
  instance = 'sandbox',
): { instance: string; app: ArgoCdApplication } {
  return {
    instance,
    app: {
      metadata: { name, namespace: 'argocd' },
      spec: {},
      status: { sync: { status: sync }, health: { status: health } },
    },
  };
}

function listingOf(
  apps: Array<{ instance: string; app: ArgoCdApplication }>,
  failed: Record<string, string> = {},
): ArgoCdListing {
  const instances = [
    ...new Set([...apps.map(a => a.instance), ...Object.keys(failed)]),
  ];
  return {
    listedAt: '2026-12-03T08:00:00.000Z',
    instances: instances.map(instance =>
      failed[instance]
        ? { instance, error: failed[instance] }
        : {
            instance,
            apps: apps.filter(a => a.instance === instance).map(a => a.app),
          },
    ),
  };
}

function setup(options: {
  cluster?: FakeCluster;
  argoCd?: ArgoCdListing;
  rolloutsRead?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  argocdRead?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
}) {
  const { catalog, calls } = permissionFilteredCatalog([
    inventory,
    stockAudit,
    restricted,
    order,
    docsOnly,
    onlyTheTeamsApi,
  ]);
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockResolvedValue([
    { result: options.rolloutsRead ?? AuthorizeResult.ALLOW },
    { result: options.argocdRead ?? AuthorizeResult.ALLOW },
  ]);
  const cluster =
    options.cluster ??
    new FakeCluster()
      .put(workload('inventory-service'))
      .put(workload('stock-audit', 'stalled'))
      .put(workload('inventory-pricing'))
      .put(workload('order-service', 'crash-loop'));
  const reader = new ServicesReader({
    catalog,
    userInfo,
    permissions,
    cache: cluster,
    argoCd: () =>
      options.argoCd ??
      listingOf([
        app('inventory-service', 'OutOfSync', 'Healthy'),
        app('inventory-pricing', 'Synced', 'Healthy'),
        app('order-service', 'Synced', 'Degraded'),
      ]),
  });
  return { reader, calls, permissions };
}

const aisha = mockCredentials.user(AISHA);

describe('ServicesReader', () => {
  it("lists the Components of the caller's teams that the caller may read, by title, each with its Deployments' phase and its apps' sync and health", async () => {
    const { reader, calls } = setup({});
    const { services, argoCdListedAt } = await reader.read(aisha);

    // read with the caller's own credentials, not the plugin's
    expect(calls).toEqual([aisha]);
    // not order-service (another team's), not inventory-pricing (hidden
    // from her), not the API (not a Component)
    expect(services.map(s => s.entityRef)).toEqual([
      'component:default/stock-audit',
      'component:default/inventory-docs',
      'component:default/inventory-service',
    ]);
    expect(argoCdListedAt).toBe('2026-12-03T08:00:00.000Z');

    const [audit, docs, service] = services;
    expect(service).toEqual({
      entityRef: 'component:default/inventory-service',
      entity: {
        kind: 'Component',
        namespace: 'default',
        name: 'inventory-service',
        title: 'Inventory Service',
      },
      rollouts: {
        deployments: [
          {
            cluster: 'sandbox',
            namespace: 'supply-chain',
            name: 'inventory-service',
            phase: 'complete',
            phaseMessage: expect.stringContaining('successfully rolled out'),
          },
        ],
      },
      argocd: {
        applications: [
          {
            instance: 'sandbox',
            name: 'inventory-service',
            syncStatus: 'OutOfSync',
            healthStatus: 'Healthy',
          },
        ],
      },
    });
    expect(audit.rollouts!.deployments).toEqual([
      expect.objectContaining({
        name: 'stock-audit',
        phase: 'stalled',
        phaseMessage: expect.stringContaining('exceeded its progress deadline'),
      }),
    ]);
    // annotated for Argo CD, but no application of that name
    expect(audit.argocd).toEqual({ applications: [] });
    // no Kubernetes or Argo CD annotations: neither part
    expect(docs).not.toHaveProperty('rollouts');
    expect(docs).not.toHaveProperty('argocd');
  });

  it("shows another team's member that team's services, not inventory-team's, and a user of no team nothing", async () => {
    const { reader, calls } = setup({});
    const bob = mockCredentials.user(BOB);
    const { services } = await reader.read(bob);
    expect(services.map(s => s.entityRef)).toEqual([
      'component:default/order-service',
    ]);
    expect(services[0].rollouts!.deployments[0].phase).toBe('failing');
    expect(services[0].argocd!.applications).toEqual([
      expect.objectContaining({
        syncStatus: 'Synced',
        healthStatus: 'Degraded',
      }),
    ]);

    const loner = mockCredentials.user('user:default/new.joiner');
    expect((await reader.read(loner)).services).toEqual([]);
    expect(calls).toEqual([bob, loner]);
  });

  it('leaves out the rollout state without rollouts.read and the Argo CD state without argocd.read, saying so', async () => {
    const { reader, permissions } = setup({
      rolloutsRead: AuthorizeResult.DENY,
      argocdRead: AuthorizeResult.DENY,
    });
    const service = (await reader.read(aisha)).services.find(
      s => s.entity.name === 'inventory-service',
    )!;
    expect(service.rollouts).toEqual({
      deployments: [],
      error: 'You may not read rollouts (permission rollouts.read)',
    });
    expect(service.argocd).toEqual({
      applications: [],
      error: 'You may not see Argo CD applications',
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        { permission: expect.objectContaining({ name: 'rollouts.read' }) },
        { permission: expect.objectContaining({ name: 'argocd.read' }) },
      ],
      { credentials: aisha },
    );
  });

  it('names a cluster that is away and an Argo CD instance that failed, keeping what could be read', async () => {
    const cluster = new FakeCluster().put(workload('inventory-service'));
    cluster.health = {
      ...cluster.health,
      status: 'unreachable',
      error: 'connect ECONNREFUSED 127.0.0.1:6443',
    };
    const { reader } = setup({
      cluster,
      argoCd: listingOf([app('inventory-service', 'Synced', 'Healthy')], {
        staging: 'HTTP 503 from https://argocd.staging',
      }),
    });
    const service = (await reader.read(aisha)).services.find(
      s => s.entity.name === 'inventory-service',
    )!;
    expect(service.rollouts).toEqual({
      deployments: [expect.objectContaining({ name: 'inventory-service' })],
      error:
        'cluster sandbox is unreachable: connect ECONNREFUSED 127.0.0.1:6443',
    });
    expect(service.argocd).toEqual({
      applications: [expect.objectContaining({ name: 'inventory-service' })],
      error: 'Argo CD staging: HTTP 503 from https://argocd.staging',
    });
  });

  it('says Argo CD was not listed yet before the first evaluation', async () => {
    const { reader } = setup({ argoCd: { instances: [] } });
    const { services, argoCdListedAt } = await reader.read(aisha);
    expect(argoCdListedAt).toBeUndefined();
    expect(
      services.find(s => s.entity.name === 'inventory-service')!.argocd,
    ).toEqual({
      applications: [],
      error: 'Argo CD has not been listed yet (at startup, within seconds)',
    });
  });
});
