import { loadRealCatalog, loadSeedClusterFacts } from '../testUtils';
import { CatalogIndex } from '../catalogIndex';
import { findUnownedWorkloads } from './unownedWorkloads';

const index = CatalogIndex.fromEntities(loadRealCatalog());
const seed = loadSeedClusterFacts();
const available = { status: 'available' as const, clusters: ['sandbox'] };

describe('findUnownedWorkloads', () => {
  it('every seed workload is claimed by a component', () => {
    expect(findUnownedWorkloads(index, seed, available)).toEqual({
      cluster: available,
      clusters: [{ cluster: 'sandbox', namespaces: [] }],
      total: 0,
    });
  });

  it('reports workloads nobody claims, per cluster and namespace', () => {
    const facts = {
      ...seed,
      clusters: ['sandbox', 'edge'],
      workloads: [
        ...seed.workloads,
        {
          cluster: 'sandbox',
          namespace: 'supply-chain',
          kind: 'Deployment',
          name: 'legacy-reporting',
          serviceAccountName: 'default',
          images: ['your-registry/legacy:1'],
        },
        {
          cluster: 'edge',
          namespace: 'batch',
          kind: 'CronJob',
          name: 'nightly-export',
        },
        {
          cluster: 'edge',
          namespace: 'kube-system',
          kind: 'DaemonSet',
          name: 'kube-proxy',
        },
      ],
    };
    const report = findUnownedWorkloads(index, facts, available);
    expect(report.total).toBe(2);
    expect(report.clusters).toEqual([
      {
        cluster: 'edge',
        namespaces: [
          {
            namespace: 'batch',
            workloads: [
              { kind: 'CronJob', name: 'nightly-export', images: [] },
            ],
          },
        ],
      },
      {
        cluster: 'sandbox',
        namespaces: [
          {
            namespace: 'supply-chain',
            workloads: [
              {
                kind: 'Deployment',
                name: 'legacy-reporting',
                serviceAccountName: 'default',
                images: ['your-registry/legacy:1'],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('without cluster facts: empty, labelled unavailable', () => {
    const unavailable = {
      status: 'unavailable' as const,
      clusters: [],
      message: 'down',
    };
    expect(findUnownedWorkloads(index, undefined, unavailable)).toEqual({
      cluster: unavailable,
      clusters: [],
      total: 0,
    });
  });
});
