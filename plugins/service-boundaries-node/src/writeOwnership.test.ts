import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import path from 'node:path';
import { TrustedSources } from './trustedSources';
import {
  argoCdApplicationWriteOwnership,
  assertWriter,
  workloadWriteOwnership,
} from './writeOwnership';

const ORG = `file:${path.resolve('../../catalog/all.yaml')}`;
const GITOPS = 'url:http://git.local/supply-chain/gitops/src/branch/main/';
const USER_REPO =
  'url:http://git.local/someone/repo/src/branch/main/catalog-info.yaml';

const trust = TrustedSources.fromConfig(
  new ConfigReader({
    catalog: {
      locations: [{ type: 'file', target: '../../catalog/all.yaml' }],
    },
    supplyChain: {
      ownership: {
        trustedLocations: ['url:http://git.local/supply-chain/gitops/'],
      },
    },
  }),
);

function entity(
  name: string,
  annotations: Record<string, string>,
  origin: string = ORG,
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-origin-location': origin,
        ...annotations,
      },
    },
  };
}

const orderService = entity('order-service', {
  'backstage.io/kubernetes-id': 'order-service',
  'backstage.io/kubernetes-namespace': 'supply-chain',
  'argocd/app-name': 'order-service',
});
const deployment = {
  cluster: 'sandbox',
  namespace: 'supply-chain',
  name: 'order-service',
  kind: 'Deployment',
  labels: {
    'backstage.io/kubernetes-id': 'order-service',
    app: 'order-service',
  },
};

describe('TrustedSources', () => {
  it.each([
    [ORG, true],
    [`${GITOPS}models/demand/catalog-info.yaml`, true],
    [USER_REPO, false],
    // a path that climbs out of the GitOps repository is resolved first
    [
      'url:http://git.local/supply-chain/gitops/../../someone/repo/x.yaml',
      false,
    ],
    [
      'url:http://git.local/supply-chain/gitops/%2e%2e/%2e%2e/someone/x.yaml',
      false,
    ],
    ['url:http://git.local/supply-chain/gitops-evil/x.yaml', false],
    [`file:${path.resolve('../../catalog/other.yaml')}`, false],
    [undefined, false],
  ])('%s trusted: %s', (origin, expected) => {
    const e = entity('x', {}, origin as string);
    if (!origin)
      delete e.metadata.annotations!['backstage.io/managed-by-origin-location'];
    expect(trust.isTrusted(e)).toBe(expected);
  });

  it('names the field of a prefix without a scheme', () => {
    expect(() =>
      TrustedSources.fromConfig(
        new ConfigReader({
          supplyChain: { ownership: { trustedLocations: ['http://x/'] } },
        }),
      ),
    ).toThrow(
      /supplyChain.ownership.trustedLocations: 'http:\/\/x\/' must start with url: or file:/,
    );
  });
});

describe('workloadWriteOwnership', () => {
  it('gives the write to the one trusted entity whose kubernetes-id is the label', () => {
    const w = workloadWriteOwnership(deployment, [orderService], trust);
    expect(w.writer).toBe('component:default/order-service');
    expect(w.contested).toBe(false);
  });

  it('a second trusted claimant blocks writes and names both', () => {
    const twin = entity(
      'evil',
      { 'backstage.io/kubernetes-id': 'order-service' },
      `${GITOPS}models/evil/catalog-info.yaml`,
      'Resource',
    );
    const w = workloadWriteOwnership(deployment, [orderService, twin], trust);
    expect(w.writer).toBeUndefined();
    expect(w.contested).toBe(true);
    expect(w.reason).toBe(
      'Deployment supply-chain/order-service in cluster sandbox is claimed by component:default/order-service and resource:default/evil; writes are blocked until only one team claims it',
    );
    expect(() => assertWriter(w, 'component:default/order-service')).toThrow(
      /claimed by component:default\/order-service and resource:default\/evil/,
    );
  });

  it('the ML model Resource its own team registered for the serving Deployment does not contest it', () => {
    const owned = (e: Entity) => ({
      ...e,
      spec: { owner: 'group:default/ml-team' },
    });
    const service = owned(
      entity('ml-prediction-service', {
        'backstage.io/kubernetes-id': 'ml-prediction-service',
      }),
    );
    const model = owned(
      entity(
        'demand-v3',
        { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
        `${GITOPS}models/demand-v3/catalog-info.yaml`,
        'Resource',
      ),
    );
    const w = workloadWriteOwnership(
      {
        ...deployment,
        name: 'ml-prediction-service',
        labels: { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
      },
      [model, service],
      trust,
    );
    expect(w.contested).toBe(false);
    expect(w.writer).toBe('component:default/ml-prediction-service');
    expect(w.writers).toEqual([
      'component:default/ml-prediction-service',
      'resource:default/demand-v3',
    ]);
    // another team's Resource claiming it blocks both
    const foreign = {
      ...owned(
        entity('x', { 'backstage.io/kubernetes-id': 'ml-prediction-service' }),
      ),
      spec: { owner: 'inventory-team' },
    };
    const blocked = workloadWriteOwnership(
      {
        ...deployment,
        name: 'ml-prediction-service',
        labels: { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
      },
      [model, service, foreign],
      trust,
    );
    expect(blocked.writers).toEqual([]);
    expect(blocked.contested).toBe(true);
  });

  it('an untrusted claimant never gets the write, does not block the owner, and is shown as contesting', () => {
    const planted = entity(
      'evil',
      { 'backstage.io/kubernetes-id': 'order-service' },
      USER_REPO,
      'Resource',
    );
    const w = workloadWriteOwnership(
      deployment,
      [orderService, planted],
      trust,
    );
    expect(w.writer).toBe('component:default/order-service');
    expect(w.contested).toBe(true);
    expect(() => assertWriter(w, 'resource:default/evil')).toThrow(
      `resource:default/evil comes from ${USER_REPO}, which is not a trusted ownership source (supplyChain.ownership.trustedLocations); Deployment supply-chain/order-service in cluster sandbox belongs to component:default/order-service`,
    );
  });

  it('an untrusted entity alone claiming a workload nobody else claims gets no write', () => {
    const planted = entity(
      'stray',
      { 'backstage.io/kubernetes-id': 'stray' },
      USER_REPO,
    );
    const w = workloadWriteOwnership(
      {
        ...deployment,
        name: 'stray',
        labels: { 'backstage.io/kubernetes-id': 'stray' },
      },
      [planted],
      trust,
    );
    expect(w.writer).toBeUndefined();
    expect(w.reason).toMatch(
      /no entity from a trusted catalog source claims Deployment supply-chain\/stray/,
    );
  });

  it.each([
    [
      'a broad label selector',
      {
        'backstage.io/kubernetes-label-selector':
          'app.kubernetes.io/part-of=supply-chain',
      },
    ],
    [
      'a negated selector',
      { 'backstage.io/kubernetes-label-selector': 'app!=nothing' },
    ],
    [
      'a set-based selector',
      { 'backstage.io/kubernetes-label-selector': 'app in (order-service)' },
    ],
  ])(
    '%s never grants writes, even from a trusted source',
    (_what, annotations) => {
      const broad = entity('platform', annotations);
      const labels = {
        ...deployment.labels,
        'app.kubernetes.io/part-of': 'supply-chain',
      };
      const w = workloadWriteOwnership(
        { ...deployment, labels },
        [broad],
        trust,
      );
      expect(w.claims.map(c => c.entityRef)).toEqual([
        'component:default/platform',
      ]);
      expect(w.writer).toBeUndefined();
      expect(w.reason).toMatch(
        /by kubernetes-label-selector, which never grants writes/,
      );
    },
  );

  it('the official plugin’s name fallback (no kubernetes-id annotation) claims for reads but never grants writes', () => {
    const byName = entity('order-service', {
      'backstage.io/kubernetes-namespace': 'supply-chain',
    });
    const w = workloadWriteOwnership(deployment, [byName], trust);
    expect(w.claims).toHaveLength(1);
    expect(w.writer).toBeUndefined();
  });

  it('a workload without the kubernetes-id label has no writer', () => {
    const w = workloadWriteOwnership(
      { ...deployment, labels: { app: 'order-service' } },
      [orderService],
      trust,
    );
    expect(w.writer).toBeUndefined();
  });

  it('an entity that claims nothing is refused naming that', () => {
    const w = workloadWriteOwnership(deployment, [orderService], trust);
    expect(() =>
      assertWriter(w, 'component:default/inventory-service'),
    ).toThrow(
      'component:default/inventory-service does not claim Deployment supply-chain/order-service in cluster sandbox; Deployment supply-chain/order-service in cluster sandbox belongs to component:default/order-service',
    );
  });

  it('namespace and cluster annotations narrow claims', () => {
    const otherNs = entity('x', {
      'backstage.io/kubernetes-id': 'order-service',
      'backstage.io/kubernetes-namespace': 'staging',
    });
    const otherCluster = entity('y', {
      'backstage.io/kubernetes-id': 'order-service',
      'backstage.io/kubernetes-cluster': 'prod',
    });
    const w = workloadWriteOwnership(
      deployment,
      [orderService, otherNs, otherCluster],
      trust,
    );
    expect(w.writer).toBe('component:default/order-service');
    expect(w.contested).toBe(false);
  });
});

describe('argoCdApplicationWriteOwnership', () => {
  const app = {
    instance: 'sandbox',
    name: 'order-service',
    project: 'default',
    labels: { team: 'fulfillment' },
  };

  it('argocd/app-name of one trusted entity grants the write', () => {
    expect(
      argoCdApplicationWriteOwnership(app, [orderService], trust).writer,
    ).toBe('component:default/order-service');
  });

  it.each([
    [
      'argocd/app-selector',
      { 'argocd/app-selector': 'team=fulfillment' },
      'argocd-app-selector',
    ],
    [
      'argocd/project-name',
      { 'argocd/project-name': 'default' },
      'argocd-project-name',
    ],
  ])('%s claims for reads only', (_what, annotations, claimedBy) => {
    const w = argoCdApplicationWriteOwnership(
      app,
      [entity('broad', annotations)],
      trust,
    );
    expect(w.claims[0].claimedBy).toBe(claimedBy);
    expect(w.writer).toBeUndefined();
  });

  it('a trusted selector claim contests an app-name claim', () => {
    const w = argoCdApplicationWriteOwnership(
      app,
      [orderService, entity('broad', { 'argocd/project-name': 'default' })],
      trust,
    );
    expect(w.writer).toBeUndefined();
    expect(w.reason).toMatch(
      /claimed by component:default\/broad and component:default\/order-service/,
    );
  });

  it('an untrusted app-name claim gets nothing', () => {
    const planted = entity(
      'evil',
      { 'argocd/app-name': 'order-service' },
      USER_REPO,
      'Resource',
    );
    const w = argoCdApplicationWriteOwnership(
      app,
      [orderService, planted],
      trust,
    );
    expect(w.writer).toBe('component:default/order-service');
    expect(() => assertWriter(w, 'resource:default/evil')).toThrow(
      /not a trusted ownership source/,
    );
  });

  it('argocd/instance-name narrows claims to its instance', () => {
    const elsewhere = entity('z', {
      'argocd/app-name': 'order-service',
      'argocd/instance-name': 'prod',
    });
    expect(
      argoCdApplicationWriteOwnership(app, [orderService, elsewhere], trust)
        .contested,
    ).toBe(false);
  });
});
