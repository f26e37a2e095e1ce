import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import knexFactory, { Knex } from 'knex';
import { DetectedProblem } from '../detect/detectProblems';
import { AttentionReader } from './AttentionReader';
import { ProblemStore } from './ProblemStore';

const inventory: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'inventory-service', namespace: 'default' },
  spec: { owner: 'group:default/inventory-team' },
};

const drift: DetectedProblem = {
  id: 'boundary-drift:component:default/inventory-service',
  kind: 'boundary-drift',
  severity: 'warning',
  entityRef: 'component:default/inventory-service',
  ownerRef: 'group:default/inventory-team',
  source: 'boundaries',
  subject: 'Service boundaries of inventory-service',
  title: 'inventory-service: boundaries drift from the catalog',
  reason: '1 undeclared caller',
  link: '/catalog/default/component/inventory-service',
};

const unowned: DetectedProblem = {
  id: 'unowned-workload:sandbox/supply-chain',
  kind: 'unowned-workload',
  severity: 'warning',
  source: 'boundaries',
  subject: 'namespace sandbox/supply-chain',
  title: 'sandbox/supply-chain: 1 workload no catalog entity claims',
  reason: 'No catalog entity claims Deployment stray-report-job',
  link: '/who-owns',
};

describe('AttentionReader', () => {
  let knex: Knex;
  let store: ProblemStore;
  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    store = await ProblemStore.create({
      database: { getClient: async () => knex },
      resolveAfterMs: 60_000,
    });
    await store.reconcile([drift, unowned], new Set(['boundaries']));
  });
  afterEach(() => knex.destroy());

  function readerWith(
    unclaimedRead: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  ) {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([{ result: unclaimedRead }]);
    const reader = new AttentionReader({
      store,
      catalog: catalogServiceMock({ entities: [inventory] }),
      userInfo: mockServices.userInfo(),
      permissions,
      lastEvaluation: () => ({ sources: [] }),
    });
    return { reader, permissions };
  }

  it('serves unowned workloads, which belong to no entity, to a caller who may read unclaimed objects', async () => {
    const { reader, permissions } = readerWith(AuthorizeResult.ALLOW);
    const { problems } = await reader.read(mockCredentials.user());
    expect(problems.map(p => p.id).sort()).toEqual([drift.id, unowned.id]);
    const served = problems.find(p => p.id === unowned.id)!;
    expect(served).not.toHaveProperty('entityRef');
    expect(served.mine).toBe(false);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'service-boundaries.unclaimed.read',
          }),
        },
      ],
      expect.anything(),
    );
  });

  it('hides them from everyone else, who still sees the problems of entities they can read', async () => {
    const { reader } = readerWith(AuthorizeResult.DENY);
    const { problems } = await reader.read(mockCredentials.user());
    expect(problems.map(p => p.id)).toEqual([drift.id]);
  });

  it('a query for one entity never includes them', async () => {
    const { reader } = readerWith(AuthorizeResult.ALLOW);
    const { problems } = await reader.read(mockCredentials.user(), {
      entityRef: 'component:default/inventory-service',
    });
    expect(problems.map(p => p.id)).toEqual([drift.id]);
  });
});
