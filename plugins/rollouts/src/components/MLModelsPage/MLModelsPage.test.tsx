import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  type RolloutsApi,
  rolloutsApiRef,
} from '@supply-chain/plugin-rollouts-react';
import { mlEntity, mlModel, mlModels } from '../../__fixtures__/rollouts';
import { MLModelsPage } from './MLModelsPage';

/** The entity as GET /mlmodels names it in `selectedBy`. */
const mlSelectedBy = {
  kind: mlEntity.kind,
  namespace: 'default',
  name: mlEntity.metadata.name,
  owner: mlEntity.spec!.owner as string,
};

describe('MLModelsPage', () => {
  it('lists models across clusters with the owning team from the catalog', async () => {
    const getMLModels = jest.fn().mockResolvedValue(
      mlModels([
        mlModel({ selectedBy: mlSelectedBy }),
        mlModel({
          cluster: 'prod-eu',
          name: 'orphan-model',
          labels: { app: 'orphan' },
          status: { deploymentStatus: 'failed', reason: 'OOMKilled' },
        }),
      ]),
    );
    await renderInTestApp(<MLModelsPage />, {
      apis: [[rolloutsApiRef, { getMLModels } as unknown as RolloutsApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByText('2 ML models: 1 ready, 1 failed, 0 invalid.'),
    ).toBeInTheDocument();
    const owned = screen.getByRole('listitem', {
      name: 'MLModel demand-forecasting-v2',
    });
    expect(
      within(owned).getByRole('link', { name: 'ml-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/ml-team');
    const orphan = screen.getByRole('listitem', {
      name: 'MLModel orphan-model',
    });
    expect(
      within(orphan).getByText('no catalog entity selects this model'),
    ).toBeInTheDocument();
    expect(within(orphan).getByText('Failed: OOMKilled')).toBeInTheDocument();
    // one request per page view: the owners come with the models
    expect(getMLModels).toHaveBeenCalledTimes(1);
  });

  it('says when the list holds only the models of entities the user can see', async () => {
    const getMLModels = jest.fn().mockResolvedValue({
      ...mlModels([mlModel({ selectedBy: mlSelectedBy })]),
      onlyClaimed: true,
    });
    await renderInTestApp(<MLModelsPage />, {
      apis: [[rolloutsApiRef, { getMLModels } as unknown as RolloutsApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByText(
        /Showing the models that catalog entities you can see select/,
      ),
    ).toBeInTheDocument();
  });
});
