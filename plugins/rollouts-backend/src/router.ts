import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ClustersResponse,
  pauseRequestSchema,
  restartRequestSchema,
  rolloutsReadPermission,
  scaleRequestSchema,
  undoRequestSchema,
} from '@supply-chain/plugin-rollouts-common';
import type { RolloutsClusterCacheService } from '@supply-chain/plugin-rollouts-node';
import { parseInput } from '@supply-chain/portal-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  EntityName,
  EntityRolloutsService,
} from './services/EntityRolloutsService';
import {
  RolloutAction,
  RolloutActionsService,
} from './services/RolloutActionsService';
import { RolloutSignalsService } from './services/RolloutSignalsService';
import { RolloutsOverviewService } from './services/RolloutsOverviewService';

const entityParams = z.object({
  kind: z.string().min(1).max(100),
  namespace: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

const deploymentParams = entityParams.extend({
  cluster: z.string().min(1).max(253),
  deploymentNamespace: z.string().min(1).max(63),
  deployment: z.string().min(1).max(253),
});

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  cache: RolloutsClusterCacheService;
  entities: EntityRolloutsService;
  actions: RolloutActionsService;
  signals: RolloutSignalsService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, cache, entities, actions, signals } = options;
  const overview = new RolloutsOverviewService(entities);
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  const authorizeRead = async (req: Request<any, any, any, any, any>) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: rolloutsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You may not read rollouts (permission rollouts.read)',
      );
    }
    return credentials;
  };

  router.get('/clusters', async (req, res) => {
    await authorizeRead(req);
    const body: ClustersResponse = { clusters: cache.listClusters() };
    res.json(body);
  });

  router.get('/mlmodels', async (req, res) => {
    const credentials = await authorizeRead(req);
    res.json(await entities.visibleMLModels(credentials));
  });

  // the Rollouts page in one request instead of one per entity
  router.get('/overview/rollouts', async (req, res) => {
    const credentials = await authorizeRead(req);
    res.json(await overview.rollouts(credentials));
  });

  router.get('/entity/:kind/:namespace/:name/rollouts', async (req, res) => {
    const credentials = await authorizeRead(req);
    const name: EntityName = parseInput(entityParams, req.params, 'path');
    const entity = await entities.getEntity(name, credentials);
    signals.watchEntity(entity);
    res.json(await entities.withOwnership(entities.rolloutsFor(entity)));
  });

  router.get(
    '/entity/:kind/:namespace/:name/deployments/:cluster/:deploymentNamespace/:deployment',
    async (req, res) => {
      const credentials = await authorizeRead(req);
      const p = parseInput(deploymentParams, req.params, 'path');
      const entity = await entities.getEntity(p, credentials);
      signals.watchEntity(entity);
      res.json(
        entities.deploymentFor(
          entity,
          p.cluster,
          p.deploymentNamespace,
          p.deployment,
        ),
      );
    },
  );

  router.get('/entity/:kind/:namespace/:name/mlmodels', async (req, res) => {
    const credentials = await authorizeRead(req);
    const name = parseInput(entityParams, req.params, 'path');
    const entity = await entities.getEntity(name, credentials);
    signals.watchEntity(entity);
    res.json(entities.mlModels(entity));
  });

  const bodySchemas: Record<RolloutAction, z.ZodType<any>> = {
    restart: restartRequestSchema,
    pause: pauseRequestSchema,
    resume: pauseRequestSchema,
    undo: undoRequestSchema,
    scale: scaleRequestSchema,
  };

  router.post(
    '/entity/:kind/:namespace/:name/actions/:action',
    async (req, res) => {
      const action = parseInput(
        z.enum(['restart', 'pause', 'resume', 'undo', 'scale']),
        req.params.action,
        'action',
      ) as RolloutAction;
      const entity = parseInput(
        entityParams,
        {
          kind: req.params.kind,
          namespace: req.params.namespace,
          name: req.params.name,
        },
        'path',
      );
      const body = parseInput(bodySchemas[action], req.body ?? {}, 'body');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const result = await actions.perform({
        action,
        entity,
        target: {
          cluster: body.cluster,
          namespace: body.namespace,
          name: body.name,
        },
        toRevision: body.toRevision,
        replicas: body.replicas,
        credentials,
        request: req,
      });
      res.json(result);
    },
  );

  return router;
}
