import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  COST_BASIS,
  hpaHeadroom,
  parseCapacityPrices,
  unknownCost,
  unknownPlacement,
  updateModeMeaning,
  type EntitySizingResponse,
} from '@supply-chain/plugin-capacity-common';
import { type CapacityApi, capacityApiRef } from '../../api';
import {
  MI,
  container,
  cost,
  deployment,
  placement,
  mlEntity,
  sizing,
} from '../../__fixtures__/sizing';
import { EntityCapacityContent } from './EntityCapacityContent';

function mockApi(
  ...answers: Array<EntitySizingResponse | Error>
): jest.Mocked<CapacityApi> {
  const getEntitySizing = jest.fn();
  for (const answer of answers) {
    if (answer instanceof Error) getEntitySizing.mockRejectedValueOnce(answer);
    else getEntitySizing.mockResolvedValueOnce(answer);
  }
  return {
    getEntitySizing,
    getServicesCapacity: jest.fn(),
    getNodeGroups: jest.fn(),
  };
}

function renderTab(api: CapacityApi) {
  return renderInTestApp(
    <EntityProvider entity={mlEntity}>
      <EntityCapacityContent />
    </EntityProvider>,
    { apis: [[capacityApiRef, api]] },
  );
}

/** The row of the container's sizing table for one resource. */
function resourceRow(resource: 'CPU' | 'Memory') {
  return screen.getByRole('rowheader', { name: resource }).closest('tr')!;
}

function cellTexts(resource: 'CPU' | 'Memory'): string[] {
  return Array.from(resourceRow(resource).cells).map(
    cell => cell.textContent ?? '',
  );
}

async function notFoundError(message: string): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name: 'NotFoundError', message },
    request: { method: 'GET', url: '/api/capacity/entity' },
    response: { statusCode: 404 },
  });
  return ResponseError.fromResponse({
    status: 404,
    statusText: 'Not Found',
    ok: false,
    url: 'http://localhost:7007/api/capacity/entity',
    headers: {
      get: (header: string) =>
        header.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    text: async () => body,
  } as unknown as Response);
}

describe('EntityCapacityContent', () => {
  it('shows requests, limits, usage share and the VPA recommendation of a container within bounds', async () => {
    const api = mockApi(sizing());
    renderTab(api);

    expect(
      await screen.findByRole('heading', {
        name: 'Deployment supply-chain/ml-prediction-service',
      }),
    ).toBeInTheDocument();
    expect(api.getEntitySizing).toHaveBeenCalledWith(
      'component:default/ml-prediction-service',
    );
    // resource, requests, limits, usage (share of requests), VPA target, bounds
    expect(cellTexts('CPU').slice(0, 6)).toEqual([
      'CPU',
      '1',
      '2',
      '250m (25% of requests)',
      '1',
      '500m – 2',
    ]);
    expect(cellTexts('Memory').slice(0, 6)).toEqual([
      'Memory',
      '2Gi',
      '4Gi',
      '1Gi (50% of requests)',
      '2Gi',
      '1Gi – 4Gi',
    ]);

    expect(
      screen.getByLabelText('CPU of ml-prediction-service: within bounds'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Memory of ml-prediction-service: within bounds'),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Requests 1 cpu, within the VPA's bounds 500m–2"),
    ).toBeInTheDocument();
    // the picture says the same in words
    expect(
      screen.getByRole('img', {
        name: 'CPU: VPA bounds 500m to 2, VPA target 1, request 1, usage 250m',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Usage is the mean over 1 pod as metrics.k8s.io reports it.',
      ),
    ).toBeInTheDocument();
  });

  it('calls a request above the upper bound over-provisioned and draws it right of the band', async () => {
    renderTab(
      mockApi(
        sizing([
          deployment({
            containers: [
              container({ requests: { cpu: 3, memory: 2048 * MI } }),
            ],
          }),
        ]),
      ),
    );

    expect(
      await screen.findByLabelText(
        'CPU of ml-prediction-service: over-provisioned',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "Requests 3 cpu, above the VPA's upper bound 2; the VPA suggests 1",
      ),
    ).toBeInTheDocument();
    const scale = screen.getByRole('img', { name: /^CPU: / });
    const band = scale.querySelector('[data-mark="band"]')!;
    const request = scale.querySelector('[data-mark="request"] line')!;
    const bandEnd =
      Number(band.getAttribute('x')) + Number(band.getAttribute('width'));
    expect(Number(request.getAttribute('x1'))).toBeGreaterThan(bandEnd);
  });

  it('calls a request below the lower bound under-provisioned', async () => {
    renderTab(
      mockApi(
        sizing([
          deployment({
            containers: [container({ requests: { cpu: 1, memory: 512 * MI } })],
          }),
        ]),
      ),
    );

    expect(
      await screen.findByLabelText(
        'Memory of ml-prediction-service: under-provisioned',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "Requests 512Mi memory, below the VPA's lower bound 1Gi; the VPA suggests 2Gi",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('CPU of ml-prediction-service: within bounds'),
    ).toBeInTheDocument();
  });

  it('says when the VPA has no recommendation yet and that there are no metrics', async () => {
    renderTab(
      mockApi(
        sizing([
          deployment({
            containers: [container({ recommendation: undefined })],
          }),
        ]),
      ),
    );

    expect(
      await screen.findByLabelText(
        'CPU of ml-prediction-service: no recommendation yet',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText(
        'Memory of ml-prediction-service: no recommendation yet',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The VPA has no cpu recommendation yet'),
    ).toBeInTheDocument();
    expect(within(resourceRow('CPU')).getAllByText('none yet')).toHaveLength(2);
    expect(
      within(resourceRow('CPU')).getByText('no metrics'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'CPU: no VPA recommendation yet, request 1, no usage metrics',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('metrics.k8s.io reports no usage for this container.'),
    ).toBeInTheDocument();
  });

  it.each([
    ['Off', 'Only recommends; it never changes pods'],
    [
      'Auto',
      'Applies its recommendation by evicting pods, which restart with the new requests',
    ],
  ])('says what the VPA does in update mode %s', async (mode, meaning) => {
    renderTab(
      mockApi(
        sizing([
          deployment({
            vpa: {
              name: 'ml-prediction-service-vpa',
              updateMode: mode,
              updateModeMeaning: updateModeMeaning(mode),
            },
          }),
        ]),
      ),
    );

    expect(
      await screen.findByLabelText(`Update mode: ${mode}`),
    ).toBeInTheDocument();
    expect(screen.getByText(meaning)).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'VPA ml-prediction-service-vpa' }),
    ).toBeInTheDocument();
  });

  it('says when no VPA sizes the Deployment', async () => {
    renderTab(
      mockApi(
        sizing([
          deployment({
            vpa: undefined,
            containers: [container({ recommendation: undefined })],
          }),
        ]),
      ),
    );
    expect(
      await screen.findByText(
        'No VerticalPodAutoscaler sizes this Deployment, so there is no recommendation.',
      ),
    ).toBeInTheDocument();
  });

  it('shows an HPA at maxReplicas as capped and one below it with its headroom', async () => {
    renderTab(
      mockApi(
        sizing([
          deployment({
            name: 'capped',
            hpa: hpaHeadroom({
              metadata: { name: 'capped-hpa' },
              spec: { minReplicas: 2, maxReplicas: 6 },
              status: { currentReplicas: 6 },
            }),
          }),
          deployment({ name: 'roomy' }),
        ]),
      ),
    );

    const capped = within(
      await screen.findByRole('article', {
        name: 'Deployment supply-chain/capped',
      }),
    );
    expect(capped.getByLabelText('Headroom: capped')).toBeInTheDocument();
    expect(
      capped.getByText(
        'Capped: runs 6 of at most 6 replicas and cannot scale out further',
      ),
    ).toBeInTheDocument();
    const roomy = within(
      screen.getByRole('article', { name: 'Deployment supply-chain/roomy' }),
    );
    expect(
      roomy.getByLabelText('Headroom: 4 more replicas'),
    ).toBeInTheDocument();
    expect(
      roomy.getByText('Runs 2 of at most 6 replicas; can add 4 more'),
    ).toBeInTheDocument();
  });

  it('labels a degraded cluster with its name and error and still shows what was read', async () => {
    renderTab(
      mockApi({
        entityRef: 'component:default/ml-prediction-service',
        clusters: [
          {
            name: 'edge',
            status: 'degraded',
            error: 'cannot reach cluster edge: connection refused',
            deployments: [],
          },
          { name: 'sandbox', status: 'ok', deployments: [deployment()] },
        ],
      }),
    );

    const edge = within(
      await screen.findByRole('region', { name: 'Cluster edge' }),
    );
    const alert = edge.getByRole('alert');
    expect(alert).toHaveTextContent(
      'Cluster edge could not be read completely',
    );
    expect(alert).toHaveTextContent(
      'cannot reach cluster edge: connection refused',
    );
    expect(
      within(screen.getByRole('region', { name: 'Cluster sandbox' })).getByRole(
        'heading',
        { name: 'Deployment supply-chain/ml-prediction-service' },
      ),
    ).toBeInTheDocument();
  });

  it('shows an error panel with the server message and reads again on Retry', async () => {
    const api = mockApi(
      await notFoundError(
        'entity component:default/ml-prediction-service not found',
      ),
      sizing(),
    );
    renderTab(api);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not load the sizing of ml-prediction-service: Request failed with 404 Not Found',
    );
    expect(alert).toHaveTextContent(
      'Server said: entity component:default/ml-prediction-service not found',
    );

    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('heading', {
        name: 'Deployment supply-chain/ml-prediction-service',
      }),
    ).toBeInTheDocument();
    expect(api.getEntitySizing).toHaveBeenCalledTimes(2);
  });

  it('says so when the entity has no Deployments', async () => {
    renderTab(mockApi(sizing([])));

    expect(
      await screen.findByText(
        'No Deployments of ml-prediction-service were found in sandbox.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
  });

  describe('placement and cost', () => {
    async function card() {
      return within(
        await screen.findByRole('article', {
          name: 'Deployment supply-chain/ml-prediction-service',
        }),
      );
    }

    /** The cells of a table row, by its row header. */
    function rowTexts(name: string): string[] {
      const row = screen.getByRole('rowheader', { name }).closest('tr')!;
      return Array.from(row.cells).map(cell => cell.textContent ?? '');
    }

    it('shows the node group, instance and capacity type of pods placed as intended', async () => {
      renderTab(mockApi(sizing([deployment({ placement: placement() })])));

      const view = await card();
      expect(view.getByLabelText('Placement: as intended')).toBeInTheDocument();
      expect(
        view.getByText(
          '2 pods on ml-workload, tolerating workload=ml:NoSchedule, as intended',
        ),
      ).toBeInTheDocument();
      expect(rowTexts('ml-workload')).toEqual([
        'ml-workload',
        'c5.2xlarge',
        'SPOT',
        'ml-node-1',
        'ml-prediction-service-pod-1, ml-prediction-service-pod-2',
      ]);
      expect(
        view.queryByRole('list', {
          name: 'Placement problems of ml-prediction-service',
        }),
      ).not.toBeInTheDocument();
    });

    it('names a misplaced pod and where it runs', async () => {
      renderTab(
        mockApi(
          sizing([
            deployment({
              placement: placement(['ml-node-1', 'general-node-1']),
            }),
          ]),
        ),
      );

      const view = await card();
      expect(view.getByLabelText('Placement: misplaced')).toBeInTheDocument();
      expect(
        view.getByText(
          '2 pods on general-workload, ml-workload; 1 placement problem',
        ),
      ).toBeInTheDocument();
      const problems = view.getByRole('list', {
        name: 'Placement problems of ml-prediction-service',
      });
      expect(within(problems).getAllByRole('listitem')).toHaveLength(1);
      expect(problems).toHaveTextContent(
        'Pod ml-prediction-service-pod-2 tolerates workload=ml:NoSchedule (the taint of node group ml-workload) but runs on general-node-1 (node group general-workload)',
      );
      expect(rowTexts('general-workload').slice(1, 3)).toEqual([
        't3.large',
        'ON_DEMAND',
      ]);
    });

    it('says why placement and cost are unknown when the nodes cannot be read', async () => {
      const reason = 'cannot read the nodes: 403 Forbidden';
      renderTab(
        mockApi(
          sizing([
            deployment({
              placement: unknownPlacement(reason),
              cost: unknownCost(reason, parseCapacityPrices([])),
            }),
          ]),
        ),
      );

      const view = await card();
      expect(view.getByLabelText('Placement: unknown')).toBeInTheDocument();
      expect(
        within(
          view.getByRole('region', {
            name: 'Placement of ml-prediction-service',
          }),
        ).getByText(reason),
      ).toBeInTheDocument();
      expect(
        view.queryByRole('table', {
          name: 'Node groups of ml-prediction-service',
        }),
      ).not.toBeInTheDocument();
      expect(
        view.getByRole('list', {
          name: 'Left out of the cost of ml-prediction-service',
        }),
      ).toHaveTextContent(reason);
      expect(view.getByText('From requests:').parentElement).toHaveTextContent(
        'From requests: not available',
      );
    });

    it('shows the monthly cost from requests and from usage, its basis and where prices come from', async () => {
      renderTab(mockApi(sizing([deployment({ cost: cost() })])));

      const view = await card();
      expect(view.getByText('From requests:').parentElement).toHaveTextContent(
        'From requests: $24.82 a month',
      );
      expect(view.getByText('From usage:').parentElement).toHaveTextContent(
        'From usage: $12.41 a month',
      );
      // per pod: 1 cpu of 8 and 2Gi of 16Gi is 12.5% of the node × 0.136 × 730 h
      expect(rowTexts('ml-prediction-service-pod-1')).toEqual([
        'ml-prediction-service-pod-1',
        'ml-node-1 (node group ml-workload)',
        '$0.136 per node-hour (node group ml-workload, SPOT)',
        '$12.41 (13% of its node)',
        '$6.21 (6% of its node)',
      ]);
      expect(view.getByText(COST_BASIS)).toBeInTheDocument();
      expect(
        view.getByText(
          'Prices come from config (capacity.prices), not from a cloud bill; no prices are built in.',
        ),
      ).toBeInTheDocument();
      expect(view.queryByText('Left out of the cost:')).not.toBeInTheDocument();
    });

    it("sums the service's Deployments as the Capacity page does, with what waste means", async () => {
      renderTab(
        mockApi(
          sizing([
            deployment({ cost: cost() }),
            deployment({ name: 'ml-model-serving', cost: cost() }),
          ]),
        ),
      );

      const total = await screen.findByRole('region', {
        name: 'Monthly cost of the service ml-prediction-service',
      });
      // each Deployment: $24.82 from requests, $12.41 from usage
      expect(
        within(total).getByText(
          'All 2 Deployments: $49.64 a month from requests, $24.82 from usage, $24.82 waste',
        ),
      ).toBeInTheDocument();
      expect(
        within(total).getByText(/^Waste is the monthly cost of what is/),
      ).toBeInTheDocument();
    });

    it('names a node group without a price and leaves its pods out of the sums', async () => {
      renderTab(
        mockApi(
          sizing([
            deployment({
              cost: cost([{ instanceType: 't3.large', hourlyPrice: 0.0832 }]),
            }),
          ]),
        ),
      );

      const view = await card();
      expect(
        view.getByRole('list', {
          name: 'Left out of the cost of ml-prediction-service',
        }),
      ).toHaveTextContent(
        'no price configured for ml-workload (c5.2xlarge, SPOT)',
      );
      expect(view.getByText('From requests:').parentElement).toHaveTextContent(
        'From requests: not available',
      );
      expect(view.getByText('From usage:').parentElement).toHaveTextContent(
        'From usage: not available',
      );
    });

    it('shows nothing extra when the backend answers neither (an older backend)', async () => {
      renderTab(mockApi(sizing([deployment()])));

      const view = await card();
      expect(
        view.getByRole('heading', { name: 'VPA ml-prediction-service-vpa' }),
      ).toBeInTheDocument();
      expect(
        view.queryByRole('heading', { name: 'Placement' }),
      ).not.toBeInTheDocument();
      expect(
        view.queryByRole('heading', { name: 'Monthly cost' }),
      ).not.toBeInTheDocument();
      expect(view.queryByText(/capacity\.prices/)).not.toBeInTheDocument();
    });
  });
});
