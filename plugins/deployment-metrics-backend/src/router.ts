import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  RolloutFilter,
  deploymentMetricsReadPermission,
  parseMetricsWindow,
} from '@supply-chain/plugin-deployment-metrics-common';
import { parseInput } from '@supply-chain/portal-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { DeploymentMetricsService } from './services/DeploymentMetricsService';

const ROLLOUT_FILTERS: RolloutFilter[] = [
  'all',
  'failed',
  'rollback',
  'capacity-drop',
  'completed',
  'stalled',
  'rolled-back',
  'in-progress',
  'superseded',
];

const groupBySchema = z.enum(['service', 'team', 'system'], {
  error: 'groupBy must be service, team or system',
});
const outcomeSchema = z.enum(ROLLOUT_FILTERS as [string, ...string[]], {
  error: `outcome must be one of ${ROLLOUT_FILTERS.join(', ')}`,
});
const entityRefSchema = z
  .string({ error: 'entityRef must be a single string' })
  .trim()
  .min(1, 'entityRef must not be empty')
  .max(500, 'entityRef must be at most 500 characters');

/** The schemas' messages name their parameter: the 400 says just that. */
const ownMessage = { report: 'message' } as const;

/** The JSON API: entity metrics, group comparison and drill-down, all read-only. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  metrics: DeploymentMetricsService;
  retentionDays: number;
  now?: () => number;
}): Promise<express.Router> {
  const { httpAuth, permissions, metrics, retentionDays } = options;
  const now = options.now ?? Date.now;
  const router = Router();
  router.use(express.json());

  async function authorize(req: Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: deploymentMetricsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'you may not read deployment metrics (deployment-metrics.read)',
      );
    }
    return credentials;
  }

  function window(req: Request) {
    const parsed = parseMetricsWindow(
      { from: req.query.from, to: req.query.to },
      { now: new Date(now()), retentionDays },
    );
    if (!parsed.ok) throw new InputError(parsed.message);
    return parsed.window;
  }

  router.get('/entity/:kind/:namespace/:name/metrics', async (req, res) => {
    const credentials = await authorize(req);
    const { kind, namespace, name } = req.params;
    res.json(
      await metrics.entityMetrics(
        `${kind}:${namespace}/${name}`,
        window(req),
        credentials,
      ),
    );
  });

  router.get('/metrics', async (req, res) => {
    const credentials = await authorize(req);
    const groupBy = parseInput(
      groupBySchema,
      req.query.groupBy ?? 'service',
      'groupBy',
      ownMessage,
    );
    res.json(await metrics.groupMetrics(groupBy, window(req), credentials));
  });

  router.get('/rollouts', async (req, res) => {
    const credentials = await authorize(req);
    const entityRef =
      req.query.entityRef === undefined
        ? undefined
        : parseInput(
            entityRefSchema,
            req.query.entityRef,
            'entityRef',
            ownMessage,
          );
    const filter = parseInput(
      outcomeSchema,
      req.query.outcome ?? 'all',
      'outcome',
      ownMessage,
    );
    res.json(
      await metrics.rollouts(
        { entityRef, window: window(req), filter: filter as RolloutFilter },
        credentials,
      ),
    );
  });

  return router;
}
