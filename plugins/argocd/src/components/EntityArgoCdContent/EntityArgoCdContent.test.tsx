import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

const render = (api: ArgoCdApi, allow = true, entity = orderEntity) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityArgoCdContent />
    </EntityProvider>,
    {
      apis: [
        [argocdApiRef, api],
        mockApis.permission({
          authorize: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        }),
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

  it('rollback: permitted users roll back to an older entry after a confirmation; the view reloads', async () => {
    const api = mockApi({
      rollback: jest.fn().mockResolvedValue({
        action: 'rollback',
        instance: 'sandbox',
        name: 'order-service',
        message: 'Rollback of order-service to history entry 11 started',
        syncStatus: 'OutOfSync',
        healthStatus: 'Healthy',
      }),
    });
    await render(api);
    const table = await screen.findByRole('grid', {
      name: 'Deployment history of order-service',
    });
    const [newest, older] = within(table).getAllByRole('row').slice(1);
    expect(
      within(newest).queryByRole('button', { name: 'Roll back…' }),
    ).not.toBeInTheDocument();
    expect(within(newest).getByText('current')).toBeInTheDocument();
    await userEvent.click(
      within(older).getByRole('button', { name: 'Roll back…' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Roll back order-service on sandbox?'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Argo CD applies the manifests of deployment #11, bbbbbbb, to namespace supply-chain. The application then shows OutOfSync against Git until the next sync.',
      ),
    ).toBeInTheDocument();
    expect(api.rollback).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back now' }),
    );
    expect(
      await screen.findByText(
        'Rollback of order-service to history entry 11 started',
      ),
    ).toBeInTheDocument();
    expect(api.rollback).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'order-service' },
      { instance: 'sandbox', name: 'order-service', appNamespace: 'argocd' },
      { id: 11 },
    );
    await waitFor(() => expect(api.getApplications).toHaveBeenCalledTimes(2));
  });

  it('rollback: no button for users the permission framework denies', async () => {
    const entity = {
      ...orderEntity,
      metadata: { ...orderEntity.metadata, name: 'billing-service' },
    };
    await render(mockApi(), false, entity);
    const table = await screen.findByRole('grid', {
      name: 'Deployment history of order-service',
    });
    expect(
      within(table).queryByRole('button', { name: 'Roll back…' }),
    ).not.toBeInTheDocument();
    expect(within(table).queryByText('Action')).not.toBeInTheDocument();
  });
});
