import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ServiceBoundariesApi, serviceBoundariesApiRef } from '../../api';
import { domainMap, entities } from '../../__fixtures__/serviceBoundaries';
import { EntityBoundaryMapContent } from './EntityBoundaryMapContent';

// dagre layout needs SVG measurements jsdom does not have; the text view is what is asserted
jest.mock('@backstage/core-components', () => ({
  ...jest.requireActual('@backstage/core-components'),
  DependencyGraph: (props: { nodes: unknown[]; edges: unknown[] }) => (
    <div>{`graph of ${props.nodes.length} nodes and ${props.edges.length} edges`}</div>
  ),
}));

describe('EntityBoundaryMapContent', () => {
  it('groups services by system, names the owning team beside the colour, lists declared dependencies', async () => {
    const getBoundaryMap = jest.fn().mockResolvedValue(domainMap);
    const domain = entities.find(e => e.kind === 'Domain')!;
    await renderInTestApp(
      <EntityProvider entity={domain}>
        <EntityBoundaryMapContent />
      </EntityProvider>,
      {
        apis: [
          [
            serviceBoundariesApiRef,
            {
              getBoundaryMap,
            } as Partial<ServiceBoundariesApi> as ServiceBoundariesApi,
          ],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByText('Boundary map of supply-chain'),
    ).toBeInTheDocument();
    expect(getBoundaryMap).toHaveBeenCalledWith('domain:default/supply-chain');
    expect(
      screen.getByText('graph of 4 nodes and 4 edges'),
    ).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Teams' })).toHaveTextContent(
      'Teams (node colour)Inventory Teamml-teamfulfillment-team',
    );
    const inventory = screen.getByRole('region', {
      name: 'System inventory-management',
    });
    expect(inventory).toHaveTextContent(
      'inventory-service — component, owned by Inventory Team',
    );
    const orders = screen.getByRole('region', {
      name: 'System order-fulfillment',
    });
    expect(orders).toHaveTextContent(
      'depends on inventory-service; calls inventory-http inventory-service',
    );
    expect(
      screen.getAllByRole('link', { name: 'inventory-service' })[0],
    ).toHaveAttribute('href', '/catalog/default/component/inventory-service');
  });
});
