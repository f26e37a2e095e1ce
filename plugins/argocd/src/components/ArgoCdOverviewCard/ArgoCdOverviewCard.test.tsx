import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ArgoCdApi, argocdApiRef } from '../../api';
import {
  application,
  entityApplications,
  orderEntity,
  unavailableError,
} from '../../__fixtures__/argocd';
import { ArgoCdOverviewCard } from './ArgoCdOverviewCard';

function mockApi(overrides: Partial<ArgoCdApi> = {}): jest.Mocked<ArgoCdApi> {
  return {
    getApplications: jest.fn().mockResolvedValue(entityApplications()),
    getHistory: jest.fn(),
    getResources: jest.fn(),
    sync: jest.fn(),
    refresh: jest.fn(),
    rollback: jest.fn(),
    ...overrides,
  } as jest.Mocked<ArgoCdApi>;
}

async function renderCard(
  api: ArgoCdApi,
  options: { allow?: boolean; entity?: Entity } = {},
) {
  const { allow = true, entity = orderEntity } = options;
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <ArgoCdOverviewCard />
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
}

describe('ArgoCdOverviewCard', () => {
  it('shows sync and health chips, the revision with its commit message, last synced and the Argo CD link', async () => {
    const api = mockApi();
    await renderCard(api);
    expect(await screen.findByLabelText('Sync: Synced')).toHaveAttribute(
      'data-tone',
      'success',
    );
    expect(screen.getByLabelText('Health: Healthy')).toHaveAttribute(
      'data-tone',
      'success',
    );
    expect(screen.getByText(/4f1c2a9/)).toBeInTheDocument();
    expect(
      screen.getByText(
        /order-service: 2 replicas \(Dana Dev <dana@example.com>\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('5 minutes ago')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open in Argo CD' }),
    ).toHaveAttribute(
      'href',
      'http://argocd.example.com/applications/argocd/order-service',
    );
    expect(api.getApplications).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'order-service',
    });
  });

  it.each([
    ['OutOfSync', 'Degraded', 'warning', 'danger'],
    ['Unknown', 'Progressing', 'neutral', 'info'],
    ['Synced', 'Missing', 'success', 'warning'],
  ])(
    '%s / %s chips carry their colour and text',
    async (sync, health, syncTone, healthTone) => {
      await renderCard(
        mockApi({
          getApplications: jest
            .fn()
            .mockResolvedValue(
              entityApplications([
                application({ syncStatus: sync, healthStatus: health }),
              ]),
            ),
        }),
      );
      expect(await screen.findByLabelText(`Sync: ${sync}`)).toHaveAttribute(
        'data-tone',
        syncTone,
      );
      expect(screen.getByLabelText(`Health: ${health}`)).toHaveAttribute(
        'data-tone',
        healthTone,
      );
    },
  );

  it('no buttons for users the permission framework denies', async () => {
    // another entity: usePermission caches decisions per resource for the session
    const entity = {
      ...orderEntity,
      metadata: { ...orderEntity.metadata, name: 'payments-service' },
    };
    await renderCard(mockApi(), { allow: false, entity });
    expect(await screen.findByLabelText('Sync: Synced')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Sync' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it('sync: confirmation says what will happen, prune is opt-in, the result shows and the card reloads', async () => {
    const api = mockApi({
      sync: jest.fn().mockResolvedValue({
        action: 'sync',
        instance: 'sandbox',
        name: 'order-service',
        message: 'Sync of order-service started (with prune)',
        syncStatus: 'OutOfSync',
        healthStatus: 'Healthy',
        operation: { phase: 'Running' },
      }),
    });
    await renderCard(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Sync' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Sync order-service on sandbox?'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Argo CD applies the manifests from apps/order-service of file:///gitops.git at HEAD to namespace supply-chain on https://kubernetes.default.svc. Resources that are no longer in Git are kept.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByText('Prune resources that are no longer in Git'),
    );
    expect(
      within(dialog).getByText(/are deleted \(prune\)/),
    ).toBeInTheDocument();
    expect(api.sync).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Sync now' }),
    );
    expect(
      await screen.findByText('Sync of order-service started (with prune)'),
    ).toBeInTheDocument();
    expect(api.sync).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'order-service' },
      { instance: 'sandbox', name: 'order-service', appNamespace: 'argocd' },
      { prune: true },
    );
    await waitFor(() => expect(api.getApplications).toHaveBeenCalledTimes(2));
  });

  it('refresh: cancel sends nothing; confirm refreshes', async () => {
    const api = mockApi({
      refresh: jest.fn().mockResolvedValue({
        action: 'refresh',
        instance: 'sandbox',
        name: 'order-service',
        message: 'Refreshed order-service: OutOfSync',
        syncStatus: 'OutOfSync',
        healthStatus: 'Healthy',
      }),
    });
    await renderCard(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
    );
    let dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Argo CD compares order-service with Git again now. Nothing changes in the cluster.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.refresh).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Refresh now' }),
    );
    expect(
      await screen.findByText('Refreshed order-service: OutOfSync'),
    ).toBeInTheDocument();
  });

  it("a refused sync shows the backend's reason", async () => {
    const error = Object.assign(new Error('Request failed with 403'), {
      body: {
        error: {
          message:
            'You may not sync the Argo CD applications of component:default/order-service',
        },
      },
    });
    await renderCard(mockApi({ sync: jest.fn().mockRejectedValue(error) }));
    await userEvent.click(await screen.findByRole('button', { name: 'Sync' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Sync now',
      }),
    );
    expect(
      await screen.findByText(
        'Argo CD did not accept the request: You may not sync the Argo CD applications of component:default/order-service',
      ),
    ).toBeInTheDocument();
  });

  it('Argo CD down: a labelled degraded view naming the instance and why, not a blank card', async () => {
    await renderCard(
      mockApi({
        getApplications: jest.fn().mockRejectedValue(unavailableError()),
      }),
    );
    expect(
      await screen.findByText(
        'Argo CD is unavailable; sync and health cannot be shown right now',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Argo CD instance “sandbox” is unreachable'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Argo CD instance "sandbox" is unreachable at http://127.0.0.1:46080: ECONNREFUSED',
      ),
    ).toBeInTheDocument();
  });

  it("one instance down: its error beside the other instance's applications", async () => {
    await renderCard(
      mockApi({
        getApplications: jest.fn().mockResolvedValue(
          entityApplications([application()], {
            instances: [
              {
                name: 'prod',
                ok: false,
                error: {
                  reason: 'timeout',
                  message: 'Argo CD instance "prod" did not answer within 10 s',
                },
              },
              { name: 'sandbox', ok: true },
            ],
          }),
        ),
      }),
    );
    expect(
      await screen.findByText('Argo CD instance “prod” is not answering'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Argo CD instance "prod" did not answer within 10 s'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Sync: Synced')).toBeInTheDocument();
  });

  it('nothing matched: says which annotation matched nothing', async () => {
    await renderCard(
      mockApi({
        getApplications: jest.fn().mockResolvedValue(
          entityApplications([], {
            emptyReason:
              'argocd/app-name "ghost" matched no application on Argo CD instance "sandbox"',
          }),
        ),
      }),
    );
    expect(
      await screen.findByText(
        'No Argo CD application: argocd/app-name "ghost" matched no application on Argo CD instance "sandbox"',
      ),
    ).toBeInTheDocument();
  });

  it('a running operation is shown and the card polls until it finishes', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    const api = mockApi({
      getApplications: jest
        .fn()
        .mockResolvedValueOnce(
          entityApplications([
            application({
              syncStatus: 'OutOfSync',
              operation: {
                phase: 'Running',
                message: 'one or more tasks are running',
              },
            }),
          ]),
        )
        .mockResolvedValue(entityApplications([application()])),
    });
    await renderCard(api);
    expect(
      await screen.findByLabelText('Operation: Operation Running'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('one or more tasks are running'),
    ).toBeInTheDocument();
    jest.advanceTimersByTime(3500);
    expect(await screen.findByLabelText('Sync: Synced')).toBeInTheDocument();
    expect(
      screen.queryByLabelText('Operation: Operation Running'),
    ).not.toBeInTheDocument();
    jest.useRealTimers();
  });
});
