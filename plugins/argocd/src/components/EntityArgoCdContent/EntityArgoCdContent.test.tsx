import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import { type ArgoCdApi, argocdApiRef } from '../../api';
import {
  application,
  entityApplications,
  history,
  orderEntity,
  resources,
  unavailableError,
} from '../../__fixtures__/argocd';
import { EntityArgoCdContent } from './EntityArgoCdContent';

function mockApi(overrides: Partial<ArgoCdApi> = {}): jest.Mocked<ArgoCdApi> {
  return {
    getApplications: jest
      .fn()
      .mockResolvedValue(
        entityApplications([
          application({ syncStatus: 'OutOfSync', outOfSyncResources: 1 }),
        ]),
      ),
    getHistory: jest.fn().mockResolvedValue(history),
    getResources: jest.fn().mockResolvedValue(resources),
    sync: jest.fn(),
    refresh: jest.fn(),
    rollback: jest.fn(),
    ...overrides,
  } as jest.Mocked<ArgoCdApi>;
}

const render = (api: ArgoCdApi) =>
  renderInTestApp(
    <EntityProvider entity={orderEntity}>
      <EntityArgoCdContent />
    </EntityProvider>,
    {
      apis: [
        [argocdApiRef, api],
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ] as any,
    },
  );

describe('EntityArgoCdContent', () => {
  it('lists the resources that are out of sync or not healthy', async () => {
    const api = mockApi();
    await render(api);
    const table = await screen.findByRole('grid', {
      name: 'Resources of order-service that need attention',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2); // header + Deployment
    expect(
      within(rows[1]).getByText('Deployment/order-service'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByLabelText('Sync: OutOfSync')).toHaveAttribute(
      'data-tone',
      'warning',
    );
    expect(api.getResources).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'order-service' },
      { instance: 'sandbox', name: 'order-service', appNamespace: 'argocd' },
    );
  });

  it('shows the history newest first with commit message and author; a missing metadata says so', async () => {
    await render(mockApi());
    const table = await screen.findByRole('grid', {
      name: 'Deployment history of order-service',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]).getByText(/order-service: 4 replicas/),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('Dana Dev')).toBeInTheDocument();
    expect(within(rows[0]).getByText('2 hours ago')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(/metadata unavailable/),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('automated sync')).toBeInTheDocument();
    expect(
      screen.getByText('Showing the 2 newest of 12 deployments.'),
    ).toBeInTheDocument();
  });

  it('all resources fine: says so with the count', async () => {
    await render(
      mockApi({
        getResources: jest.fn().mockResolvedValue({
          ...resources,
          resources: [],
          totalResources: 2,
        }),
      }),
    );
    expect(
      await screen.findByText(
        'All 2 resources of order-service are synced and healthy.',
      ),
    ).toBeInTheDocument();
  });

  it('Argo CD down: labelled, not blank', async () => {
    await render(
      mockApi({
        getApplications: jest.fn().mockRejectedValue(unavailableError()),
      }),
    );
    expect(
      await screen.findByText(
        'Argo CD is unavailable; sync and health cannot be shown right now',
      ),
    ).toBeInTheDocument();
  });
});
