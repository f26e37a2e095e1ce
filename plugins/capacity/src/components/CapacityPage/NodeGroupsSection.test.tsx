import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  COST_BASIS,
  WASTE_BASIS,
  type NodeGroupsResponse,
  type NodeGroupUtilisation,
} from '@supply-chain/plugin-capacity-common';
import { type CapacityApi, capacityApiRef } from '../../api';
import { CapacityPage } from './CapacityPage';

const GiB = 1024 ** 3;

// the seed's two node groups: general-workload at 35 % requested CPU,
// ml-workload at 78 %
const general: NodeGroupUtilisation = {
  nodeGroup: 'general-workload',
  nodes: ['general-1', 'general-2'],
  instanceTypes: ['t3.large'],
  capacityTypes: ['ON_DEMAND'],
  allocatable: { cpu: 4, memory: 16 * GiB },
  requested: { cpu: 1.4, memory: 4 * GiB },
  requestedShare: { cpu: 0.35, memory: 0.25 },
  used: { cpu: 0.6, memory: 2 * GiB },
  usedShare: { cpu: 0.15, memory: 0.125 },
  monthlyPrice: 121.47,
  missing: [],
};
const ml: NodeGroupUtilisation = {
  nodeGroup: 'ml-workload',
  nodes: ['ml-1'],
  instanceTypes: ['c5.xlarge'],
  capacityTypes: ['SPOT'],
  allocatable: { cpu: 4, memory: 8 * GiB },
  requested: { cpu: 3.12, memory: 4 * GiB },
  requestedShare: { cpu: 0.78, memory: 0.5 },
  used: { cpu: 2.5, memory: 2 * GiB },
  usedShare: { cpu: 0.625, memory: 0.25 },
  monthlyPrice: 49.64,
  missing: [],
};

const ok: NodeGroupsResponse = {
  currency: 'USD',
  clusters: [{ name: 'sandbox', status: 'ok', nodeGroups: [general, ml] }],
};

function mockApi(
  ...answers: Array<NodeGroupsResponse | Error>
): jest.Mocked<CapacityApi> {
  const getNodeGroups = jest.fn();
  for (const answer of answers) {
    if (answer instanceof Error) getNodeGroups.mockRejectedValueOnce(answer);
    else getNodeGroups.mockResolvedValueOnce(answer);
  }
  return {
    getEntitySizing: jest.fn(),
    getServicesCapacity: jest.fn().mockResolvedValue({
      currency: 'USD',
      costBasis: COST_BASIS,
      wasteBasis: WASTE_BASIS,
      clusters: [{ name: 'sandbox', status: 'ok' }],
      services: [],
      totals: { owner: [], system: [], nodeGroup: [] },
    }),
    getNodeGroups,
  };
}

function renderPage(api: CapacityApi) {
  return renderInTestApp(<CapacityPage />, {
    apis: [[capacityApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

/** The rows of a table, each as its cells' texts. */
function rowTexts(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      Array.from(row.querySelectorAll('th, td')).map(c => c.textContent ?? ''),
    );
}

const section = () => screen.getByRole('region', { name: 'Node groups' });

describe('CapacityPage: Node groups', () => {
  it('says it is loading until the backend answers', async () => {
    const api = mockApi();
    api.getNodeGroups.mockReturnValue(new Promise(() => {}));
    renderPage(api);
    expect(
      await screen.findByText('Loading the node groups…'),
    ).toBeInTheDocument();
  });

  it('shows per node group requested and used as shares of the allocatable, a picture in words and the monthly price', async () => {
    renderPage(mockApi(ok));
    const table = await screen.findByRole('table', {
      name: 'Node groups of cluster sandbox: requested and used as shares of the allocatable',
    });
    expect(rowTexts(table)).toEqual([
      [
        'general-workload',
        '2 nodes (t3.large, ON_DEMAND)',
        '35% (1.4 of 4)',
        '15% (600m of 4)',
        '25% (4Gi of 16Gi)',
        '13% (2Gi of 16Gi)',
        expect.any(String),
        '$121.47',
      ],
      [
        'ml-workload',
        '1 node (c5.xlarge, SPOT)',
        '78% (3.12 of 4)',
        '63% (2.5 of 4)',
        '50% (4Gi of 8Gi)',
        '25% (2Gi of 8Gi)',
        expect.any(String),
        '$49.64',
      ],
    ]);
    expect(
      within(table).getByRole('img', {
        name: 'ml-workload of its allocatable: CPU 78% requested, 63% used; Memory 50% requested, 25% used',
      }),
    ).toBeInTheDocument();
    expect(
      within(section()).getByText(/the wide bar is requested, the thin dark/),
    ).toBeInTheDocument();
    expect(within(section()).queryByRole('alert')).toBeNull();
  });

  it('says "not measured" and why when a cluster answers only in part, and names the cluster and the reason', async () => {
    const partial: NodeGroupUtilisation = {
      ...ml,
      used: undefined,
      usedShare: undefined,
      monthlyPrice: undefined,
      missing: [
        'no metrics.k8s.io usage for ml-1',
        'no price configured for ml-1 (c5.xlarge, SPOT)',
      ],
    };
    renderPage(
      mockApi({
        currency: 'USD',
        clusters: [
          {
            name: 'sandbox',
            status: 'degraded',
            error: 'node metrics: metrics.k8s.io is not served (404)',
            nodeGroups: [partial],
          },
        ],
      }),
    );
    const alert = await within(
      await screen.findByRole('region', {
        name: 'Node groups',
      }),
    ).findByRole('alert');
    expect(
      within(alert).getByText(
        'Node groups of cluster sandbox could not be read completely',
      ),
    ).toBeInTheDocument();
    expect(
      within(alert).getByText(
        'node metrics: metrics.k8s.io is not served (404). Figures that need it show "not measured".',
      ),
    ).toBeInTheDocument();
    const [row] = rowTexts(within(section()).getByRole('table'));
    expect(row[0]).toBe(
      'ml-workloadno metrics.k8s.io usage for ml-1no price configured for ml-1 (c5.xlarge, SPOT)',
    );
    expect(row.slice(2, 6)).toEqual([
      '78% (3.12 of 4)',
      'not measured',
      '50% (4Gi of 8Gi)',
      'not measured',
    ]);
    expect(row[7]).toBe('not available');
    expect(
      within(section()).getByRole('img', {
        name: 'ml-workload of its allocatable: CPU 78% requested, used not measured; Memory 50% requested, used not measured',
      }),
    ).toBeInTheDocument();
  });

  it("says so when a cluster's nodes cannot be read at all", async () => {
    renderPage(
      mockApi({
        currency: 'USD',
        clusters: [
          {
            name: 'eu-west',
            status: 'degraded',
            error: 'nodes: cannot reach cluster eu-west: connection refused',
            nodeGroups: [],
          },
          { name: 'sandbox', status: 'ok', nodeGroups: [general] },
        ],
      }),
    );
    expect(
      await screen.findByText('No node groups to show for cluster eu-west.'),
    ).toBeInTheDocument();
    expect(
      within(section()).getByText(
        'Node groups of cluster eu-west could not be read completely',
      ),
    ).toBeInTheDocument();
    expect(
      within(section()).getByRole('table', {
        name: /Node groups of cluster sandbox/,
      }),
    ).toBeInTheDocument();
  });

  it('says node-group utilisation is unavailable with Retry, keeps the services, and shows the groups once a retry succeeds', async () => {
    const api = mockApi(new Error('Failed to fetch'), ok);
    renderPage(api);
    const alert = await within(
      await screen.findByRole('region', { name: 'Node groups' }),
    ).findByRole('alert');
    expect(
      within(alert).getByText(
        'Node-group utilisation is unavailable: Failed to fetch',
      ),
    ).toBeInTheDocument();
    // the services' part of the page does not depend on it
    expect(await screen.findByText(/No services to show/)).toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(
      await within(section()).findByRole('table', {
        name: /Node groups of cluster sandbox/,
      }),
    ).toBeInTheDocument();
    expect(api.getNodeGroups).toHaveBeenCalledTimes(2);
  });
});
