import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  type RolloutsApi,
  rolloutsApiRef,
} from '@supply-chain/plugin-rollouts-react';
import {
  mlEntity,
  mlModel,
  mlModels,
  unannotatedEntity,
} from '../../__fixtures__/rollouts';
import { responseError } from '../../__fixtures__/responseError';
import { EntityMLModelsCard } from './EntityMLModelsCard';

function renderCard(
  getEntityMLModels: RolloutsApi['getEntityMLModels'],
  entity: Entity = mlEntity,
) {
  const api = { getEntityMLModels } as unknown as RolloutsApi;
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityMLModelsCard />
    </EntityProvider>,
    { apis: [[rolloutsApiRef, api]] },
  );
}

describe('EntityMLModelsCard', () => {
  it('shows each model with version, framework, endpoint, replicas, resources and last update', async () => {
    await renderCard(jest.fn().mockResolvedValue(mlModels([mlModel()])));
    const item = await screen.findByRole('listitem', {
      name: 'MLModel demand-forecasting-v2',
    });
    expect(within(item).getByText('ready')).toBeInTheDocument();
    expect(
      within(item).getByText('demand-forecasting v2.1.0'),
    ).toBeInTheDocument();
    expect(within(item).getByText('tensorflow')).toBeInTheDocument();
    expect(
      within(item).getByText(
        'http://demand-forecasting-v2.supply-chain.svc:8080/predict',
      ),
    ).toBeInTheDocument();
    expect(
      within(item).getByRole('button', {
        name: 'Copy endpoint of demand-forecasting-v2',
      }),
    ).toBeInTheDocument();
    expect(within(item).getByText('3')).toBeInTheDocument();
    expect(
      within(item).getByText('cpu 1000m, memory 2Gi, gpu 1'),
    ).toBeInTheDocument();
    expect(within(item).getByText('5 minutes ago')).toBeInTheDocument();
  });

  it.each(['pending', 'deploying', 'ready', 'failed'])(
    'shows the %s status as text',
    async status => {
      await renderCard(
        jest.fn().mockResolvedValue(
          mlModels([
            mlModel({
              status: { deploymentStatus: status, reason: undefined },
            }),
          ]),
        ),
      );
      expect(await screen.findByText(status)).toBeInTheDocument();
    },
  );

  it('shows why a model failed', async () => {
    await renderCard(
      jest.fn().mockResolvedValue(
        mlModels([
          mlModel({
            name: 'predictive-maintenance-v3',
            status: {
              deploymentStatus: 'failed',
              reason:
                'image ml-registry/predictive-maintenance:v3.0.1 not found',
            },
          }),
        ]),
      ),
    );
    expect(await screen.findByText('failed')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Failed: image ml-registry/predictive-maintenance:v3.0.1 not found',
      ),
    ).toBeInTheDocument();
  });

  it('labels an invalid model with its problems', async () => {
    await renderCard(
      jest.fn().mockResolvedValue(
        mlModels([
          mlModel({
            valid: false,
            problems: ['spec.replicas: must be at most 10 (got 12)'],
          }),
        ]),
      ),
    );
    expect(await screen.findByText('invalid')).toBeInTheDocument();
    expect(
      screen.getByText('spec.replicas: must be at most 10 (got 12)'),
    ).toBeInTheDocument();
  });

  it('opens the full object in a drawer', async () => {
    await renderCard(jest.fn().mockResolvedValue(mlModels([mlModel()])));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Details' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('MLModel demand-forecasting-v2'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByLabelText(
        'Full object of MLModel demand-forecasting-v2',
      ),
    ).toHaveTextContent('"modelName": "demand-forecasting"');
  });

  it('explains an empty list', async () => {
    await renderCard(jest.fn().mockResolvedValue(mlModels([])));
    expect(await screen.findByText('No ML models')).toBeInTheDocument();
    expect(
      screen.getByText(
        'No MLModel in sandbox matches label "backstage.io/kubernetes-id=ml-prediction-service" in namespace supply-chain.',
      ),
    ).toBeInTheDocument();
  });

  it('labels an unreachable cluster', async () => {
    await renderCard(
      jest.fn().mockResolvedValue(
        mlModels(
          [mlModel()],
          [
            {
              name: 'prod-eu',
              status: 'unreachable',
              error: 'connect ETIMEDOUT',
              since: new Date().toISOString(),
            },
          ],
        ),
      ),
    );
    expect(
      await screen.findByText(/^Cluster prod-eu is unreachable/),
    ).toBeInTheDocument();
    expect(screen.getByText('ready')).toBeInTheDocument();
  });

  it('shows the server message when loading fails', async () => {
    await renderCard(
      jest
        .fn()
        .mockRejectedValue(
          await responseError(403, 'NotAllowedError', 'rollouts.read denied'),
        ),
    );
    expect(
      await screen.findByText(
        /^You are not allowed to load the ML models of ml-prediction-service/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Server said: rollouts.read denied'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('explains how to annotate an entity without annotations', async () => {
    const load = jest.fn();
    await renderCard(load, unannotatedEntity);
    expect(
      screen.getByText('This entity is not linked to any workload'),
    ).toBeInTheDocument();
    expect(load).not.toHaveBeenCalled();
  });
});
