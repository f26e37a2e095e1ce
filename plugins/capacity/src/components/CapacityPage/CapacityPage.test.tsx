import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  capacityTotals,
  COST_BASIS,
  WASTE_BASIS,
  type ServiceCapacity,
  type ServicesCapacityResponse,
} from '@supply-chain/plugin-capacity-common';
import { type CapacityApi, capacityApiRef } from '../../api';
import { CapacityPage } from './CapacityPage';

const service = (
  name: string,
  owner: string | undefined,
  system: string | undefined,
  byNodeGroup: Array<[string, number, number]>,
  extra: Partial<ServiceCapacity> = {},
): ServiceCapacity => {
  const sum = (i: 1 | 2) => byNodeGroup.reduce((s, g) => s + g[i], 0);
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    ...(owner ? { owner } : {}),
    ...(system ? { system } : {}),
    deployments: [`sandbox/shop/${name}`],
    nodeGroups: byNodeGroup.map(g => g[0]),
    ...(byNodeGroup.length
      ? {
          monthlyFromRequests: sum(1),
          monthlyFromUsage: sum(2),
          waste: sum(1) - sum(2),
        }
      : {}),
    byNodeGroup: byNodeGroup.map(([nodeGroup, requests, usage]) => ({
      nodeGroup,
      monthlyFromRequests: requests,
      monthlyFromUsage: usage,
      waste: requests - usage,
    })),
    vpa: [],
    missing: [],
    problems: [],
    ...extra,
  };
};

const services: ServiceCapacity[] = [
  service(
    'ml-prediction-service',
    'group:default/ml-team',
    'system:default/ml-platform',
    [['ml-workload', 49.64, 9.93]],
    {
      vpa: [
        {
          cluster: 'sandbox',
          namespace: 'shop',
          deployment: 'ml-prediction-service',
          container: 'server',
          vpa: 'ml-prediction-service-vpa',
          updateMode: 'Auto',
          updateModeMeaning: 'Applies its recommendation by evicting pods',
          cpu: { verdict: 'over-provisioned', message: 'above' },
          memory: { verdict: 'within bounds', message: 'within' },
          summary:
            'server: cpu over-provisioned, memory within bounds (VPA ml-prediction-service-vpa, Auto)',
        },
      ],
    },
  ),
  // cheap but wasteful in proportion: 20 of 30 wasted
  service(
    'order-service',
    'group:default/fulfillment-team',
    'system:default/shop',
    [['general-workload', 30, 10]],
  ),
  // expensive, little waste
  service(
    'inventory-service',
    'group:default/fulfillment-team',
    'system:default/shop',
    [['general-workload', 80, 75]],
  ),
  service('orphan', undefined, undefined, [], {
    deployments: [],
    missing: ['no price configured for spare (m5.large, ON_DEMAND)'],
  }),
];

const response = (
  overrides: Partial<ServicesCapacityResponse> = {},
): ServicesCapacityResponse => ({
  currency: 'USD',
  costBasis: COST_BASIS,
  wasteBasis: WASTE_BASIS,
  clusters: [{ name: 'sandbox', status: 'ok' }],
  services,
  totals: capacityTotals(services),
  ...overrides,
});

function mockApi(
  ...answers: Array<ServicesCapacityResponse | Error>
): jest.Mocked<CapacityApi> {
  const getServicesCapacity = jest.fn();
  for (const answer of answers) {
    if (answer instanceof Error)
      getServicesCapacity.mockRejectedValueOnce(answer);
    else getServicesCapacity.mockResolvedValueOnce(answer);
  }
  const getNodeGroups = jest
    .fn()
    .mockResolvedValue({ currency: 'USD', clusters: [] });
  return { getEntitySizing: jest.fn(), getServicesCapacity, getNodeGroups };
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

async function choose(label: string, option: string) {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(label) }),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('CapacityPage', () => {
  it('says it is loading until the backend answers', async () => {
    const api = mockApi();
    api.getServicesCapacity.mockReturnValue(new Promise(() => {}));
    renderPage(api);
    expect(
      await screen.findByText('Loading the capacity of every service…'),
    ).toBeInTheDocument();
  });

  it('shows the totals per team sorted by waste, each team its services, linked to their Capacity tab, and says prices come from config', async () => {
    renderPage(mockApi(response()));
    const totals = await screen.findByRole('table', {
      name: 'Monthly cost per team, Waste first',
    });
    expect(rowTexts(totals)).toEqual([
      ['ml-team', '1', '$49.64', '$9.93', '$39.71'],
      ['fulfillment-team', '2', '$110.00', '$85.00', '$25.00'],
      ['No owner', '1', 'not available', 'not available', 'not available'],
    ]);
    expect(
      screen.getByText(/Prices come from config \(capacity\.prices/),
    ).toBeInTheDocument();
    expect(screen.getByText(WASTE_BASIS)).toBeInTheDocument();
    expect(screen.getByText(COST_BASIS)).toBeInTheDocument();

    const fulfillment = screen.getByRole('region', {
      name: 'Team fulfillment-team',
    });
    expect(
      within(fulfillment).getByText(
        '2 services: $110.00 a month from requests, $85.00 from usage, $25.00 waste',
      ),
    ).toBeInTheDocument();
    // by waste: order-service (20) before inventory-service (5)
    expect(rowTexts(within(fulfillment).getByRole('table'))).toEqual([
      [
        'order-service',
        'shop',
        'general-workload',
        '$30.00',
        '$10.00',
        '$20.00',
        'no VPA',
      ],
      [
        'inventory-service',
        'shop',
        'general-workload',
        '$80.00',
        '$75.00',
        '$5.00',
        'no VPA',
      ],
    ]);
    expect(
      within(fulfillment).getByRole('link', { name: 'order-service' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/order-service/capacity',
    );

    const ml = screen.getByRole('region', { name: 'Team ml-team' });
    expect(
      within(ml).getByText(
        'server: cpu over-provisioned, memory within bounds (VPA ml-prediction-service-vpa, Auto)',
      ),
    ).toBeInTheDocument();

    const none = screen.getByRole('region', { name: 'Team No owner' });
    expect(
      within(none).getByText('No Deployments found in the clusters'),
    ).toBeInTheDocument();
    expect(
      within(none).getByText(
        'no price configured for spare (m5.large, ON_DEMAND)',
      ),
    ).toBeInTheDocument();
  });

  it('sorts by cost when the user picks it, and groups by system or node group', async () => {
    renderPage(mockApi(response()));
    await screen.findByRole('table', { name: /Monthly cost per team/ });

    await choose('Sort by', 'Cost from requests');
    const totals = screen.getByRole('table', {
      name: 'Monthly cost per team, Cost from requests first',
    });
    expect(rowTexts(totals).map(r => r[0])).toEqual([
      'fulfillment-team',
      'ml-team',
      'No owner',
    ]);
    const fulfillment = screen.getByRole('region', {
      name: 'Team fulfillment-team',
    });
    expect(
      rowTexts(within(fulfillment).getByRole('table')).map(r => r[0]),
    ).toEqual(['inventory-service', 'order-service']);

    await choose('Group by', 'Node group');
    const byGroup = screen.getByRole('table', {
      name: 'Monthly cost per node group, Cost from requests first',
    });
    expect(rowTexts(byGroup)).toEqual([
      ['general-workload', '2', '$110.00', '$85.00', '$25.00'],
      ['ml-workload', '1', '$49.64', '$9.93', '$39.71'],
    ]);
    const ml = screen.getByRole('region', { name: 'Node group ml-workload' });
    expect(rowTexts(within(ml).getByRole('table'))[0].slice(0, 4)).toEqual([
      'ml-prediction-service',
      'ml-team',
      'ml-workload',
      '$49.64',
    ]);

    await choose('Group by', 'System');
    expect(
      rowTexts(
        screen.getByRole('table', {
          name: 'Monthly cost per system, Cost from requests first',
        }),
      ).map(r => r[0]),
    ).toEqual(['shop', 'ml-platform', 'No system']);
  });

  it('names a cluster it could not read and why, and still shows the rest', async () => {
    renderPage(
      mockApi(
        response({
          clusters: [
            {
              name: 'eu-west',
              status: 'degraded',
              error: 'cannot reach cluster eu-west: connection refused',
            },
            { name: 'sandbox', status: 'ok' },
          ],
        }),
      ),
    );
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText('Cluster eu-west could not be read completely'),
    ).toBeInTheDocument();
    expect(
      within(alert).getByText(
        'cannot reach cluster eu-west: connection refused. Figures of the services that run there may be missing or partial.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: /Monthly cost per team/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/sandbox could not be read/)).toBeNull();
  });

  it('says there is nothing to show when the user may see no service', async () => {
    renderPage(
      mockApi(
        response({
          services: [],
          totals: { owner: [], system: [], nodeGroup: [] },
        }),
      ),
    );
    expect(
      await screen.findByText(
        /No services to show: the catalog holds no Component or Resource with backstage.io\/kubernetes-id/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: /Monthly cost per/ }),
    ).toBeNull();
  });

  it('shows the error with Retry, and the page once a retry succeeds', async () => {
    const api = mockApi(new Error('Failed to fetch'), response());
    renderPage(api);
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText(
        'Could not load the capacity of the services: Failed to fetch',
      ),
    ).toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', { name: /Monthly cost per team/ }),
    ).toBeInTheDocument();
    expect(api.getServicesCapacity).toHaveBeenCalledTimes(2);
  });
});
