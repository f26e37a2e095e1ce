import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServiceBoundariesApi, serviceBoundariesApiRef } from '../../api';
import {
  driftReport,
  driftShared,
  driftUnavailable,
  unownedReport,
  unownedUnavailable,
  whoOwnsInventory,
  whoOwnsNothing,
} from '../../__fixtures__/serviceBoundaries';
import { WhoOwnsPage } from './WhoOwnsPage';

function renderPage(api: Partial<ServiceBoundariesApi>) {
  return renderInTestApp(<WhoOwnsPage />, {
    apis: [[serviceBoundariesApiRef, api as ServiceBoundariesApi]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('WhoOwnsPage', () => {
  it('looks up with the keyboard and shows team, members, contacts and how it matched', async () => {
    const whoOwns = jest.fn().mockResolvedValue(whoOwnsInventory);
    await renderPage({
      whoOwns,
      getDrift: jest.fn().mockResolvedValue(driftReport),
      getUnowned: jest.fn().mockResolvedValue(unownedReport),
    });
    const user = userEvent.setup();
    await user.type(
      await screen.findByRole('searchbox', { name: 'Identifier' }),
      'inventory-service{Enter}',
    );
    expect(whoOwns).toHaveBeenCalledWith('inventory-service');

    const result = await screen.findByRole('region', { name: 'Lookup result' });
    expect(result).toHaveTextContent(
      'component:default/inventory-service is owned by Inventory Team',
    );
    expect(result).toHaveTextContent(
      'Matched by: the catalog has a Component named inventory-service',
    );
    expect(
      screen.getByRole('link', { name: 'inventory-team@supplychain.example' }),
    ).toHaveAttribute('href', 'mailto:inventory-team@supplychain.example');
    expect(
      screen.getByRole('link', { name: '#inventory-team on Slack' }),
    ).toHaveAttribute('href', 'https://slack.example/inventory-team');
    expect(result).toHaveTextContent('Members (1):');
    expect(result).toHaveTextContent(
      'Aisha Bello — aisha.bello@supplychain.example',
    );
  });

  it('the Look up button submits too; nothing matched says which kinds were tried', async () => {
    const whoOwns = jest.fn().mockResolvedValue(whoOwnsNothing);
    await renderPage({
      whoOwns,
      getDrift: jest.fn().mockResolvedValue(driftReport),
      getUnowned: jest.fn().mockResolvedValue(unownedReport),
    });
    const user = userEvent.setup();
    await user.type(
      await screen.findByRole('searchbox', { name: 'Identifier' }),
      'warehouse-robot',
    );
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    expect(
      await screen.findByText(
        /Nothing matched "warehouse-robot". Tried: entity name, Argo CD application/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the system-wide drift report and the unowned workloads', async () => {
    await renderPage({
      whoOwns: jest.fn(),
      getDrift: jest.fn().mockResolvedValue(driftReport),
      getUnowned: jest.fn().mockResolvedValue(unownedReport),
    });
    const drift = await screen.findByRole('region', { name: 'Drift report' });
    expect(drift).toHaveTextContent(
      '1 of 3 services drift: 1 undeclared caller, 0 refused dependencies, 0 with differing responsibilities.',
    );
    const unowned = await screen.findByRole('region', {
      name: 'Unowned workloads',
    });
    expect(unowned).toHaveTextContent('1 workload no catalog entity claims:');
    expect(unowned).toHaveTextContent(
      'Deployment legacy-reporting, image your-registry/legacy:1',
    );
  });

  it('labels drift and unowned workloads unavailable when the clusters are down', async () => {
    await renderPage({
      whoOwns: jest.fn(),
      getDrift: jest.fn().mockResolvedValue(driftUnavailable),
      getUnowned: jest.fn().mockResolvedValue(unownedUnavailable),
    });
    expect(
      await screen.findByText('Drift report: cluster data unavailable'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Unowned workloads: cluster data unavailable'),
    ).toBeInTheDocument();
  });

  it('tells a developer that unowned workloads are the platform team’s list, and still shows drift', async () => {
    const reason =
      'Only the platform team sees unowned workloads: a workload no entity you can see claims may be another team’s (permission service-boundaries.unclaimed.read)';
    const refused = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: reason },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'content-type': 'application/json' },
        },
      ) as any,
    );
    await renderPage({
      whoOwns: jest.fn(),
      getDrift: jest.fn().mockResolvedValue(driftReport),
      getUnowned: jest.fn().mockRejectedValue(refused),
    });
    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(screen.queryByText(/Could not load unowned workloads/)).toBeNull();
    expect(
      await screen.findByRole('region', { name: 'Drift report' }),
    ).toBeInTheDocument();
  });

  it('shows a workload two entities claim in the drift report, naming both', async () => {
    await renderPage({
      whoOwns: jest.fn(),
      getDrift: jest.fn().mockResolvedValue(driftShared),
      getUnowned: jest.fn().mockResolvedValue(unownedReport),
    });
    const drift = await screen.findByRole('region', { name: 'Drift report' });
    expect(drift).toHaveTextContent(
      '1 workload claimed by more than one entity.',
    );
    const item = within(drift)
      .getByText('sandbox/supply-chain/Deployment/legacy-reporting')
      .closest('li')!;
    expect(
      within(item as HTMLElement).getByRole('link', {
        name: 'legacy-reporting',
      }),
    ).toBeInTheDocument();
    expect(
      within(item as HTMLElement).getByRole('link', {
        name: 'reporting-model',
      }),
    ).toBeInTheDocument();
  });
});
