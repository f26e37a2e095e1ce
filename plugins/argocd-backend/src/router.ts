import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  assertWriter,
  WriteOwnershipService,
} from '@supply-chain/plugin-service-boundaries-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ArgoCdEntityApplicationsResponse,
  ArgoCdEntityAnnotations,
  ArgoCdInstanceStatus,
  argocdReadPermission,
  argocdRefreshPermission,
  argocdRollbackPermission,
  argocdSyncPermission,
  parseArgoCdAnnotations,
  parseHistoryLimit,
} from '@supply-chain/plugin-argocd-common';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseInput } from '@supply-chain/portal-common';
import {
  ArgoCdInstanceError,
  ArgoCdRequestRejectedError,
} from '@supply-chain/plugin-argocd-node';
import { ArgoCdActions } from './services/ArgoCdActions';
import {
  ArgoCdApplications,
  LocatedApplication,
  failedInstance,
} from './services/ArgoCdApplications';

const ENTITY_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const INSTANCE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

const entityParams = z.object({
  kind: z.string().regex(ENTITY_PART, 'must be an entity kind'),
  namespace: z.string().regex(ENTITY_PART, 'must be an entity namespace'),
  name: z.string().regex(ENTITY_PART, 'must be an entity name'),
});
const appParams = entityParams.extend({
  instance: z.string().regex(INSTANCE_NAME, 'must be an Argo CD instance name'),
  app: z.string().regex(K8S_NAME, 'must be an Argo CD application name'),
});
const appQuery = z.object({
  appNamespace: z.string().regex(K8S_NAME, 'must be a namespace').optional(),
  limit: z.unknown().optional(),
});
const syncBody = z.strictObject({ prune: z.boolean().optional() });
const refreshBody = z.strictObject({});
const rollbackBody = z.strictObject({
  id: z.number().int().nonnegative(),
  prune: z.boolean().optional(),
});

/** 503 when instances are down or slow, 502 when they answered wrongly. */
function sendInstanceFailure(
  req: Request,
  res: Response,
  failed: ArgoCdInstanceStatus[],
) {
  const statusCode = failed.every(
    f => f.error?.reason === 'unreachable' || f.error?.reason === 'timeout',
  )
    ? 503
    : 502;
  res.status(statusCode).json({
    error: {
      name: statusCode === 503 ? 'ServiceUnavailableError' : 'BadGatewayError',
      message: failed.map(f => f.error?.message).join('; '),
    },
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode },
    instances: failed,
  });
}

/** Dependencies of {@link createRouter}. */
export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  /** reads of the entity's applications */
  applications: ArgoCdApplications;
  /** sync, refresh and rollback */
  actions: ArgoCdActions;
  /** who may write an application: decided by the platform, not by the entity's annotations */
  ownership: WriteOwnershipService;
}

/** The argocd plugin's HTTP API (see README). */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    auditor,
    catalog,
    applications,
    actions,
    ownership,
  } = options;
  const router = Router();
  router.use(express.json());

  async function entityOf(
    params: z.infer<typeof entityParams>,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await catalog.getEntityByRef(
      { kind: params.kind, namespace: params.namespace, name: params.name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `No entity ${params.kind}:${params.namespace}/${params.name} in the catalog`,
      );
    }
    return entity;
  }

  function annotationsOf(entity: Entity): ArgoCdEntityAnnotations | undefined {
    const parsed = parseArgoCdAnnotations(entity.metadata.annotations);
    if (!parsed.ok) {
      throw new InputError(
        `annotation ${parsed.annotation} of ${stringifyEntityRef(entity)}: ${
          parsed.message
        }`,
      );
    }
    return parsed.annotated ? parsed.value : undefined;
  }

  async function authorizeRead(credentials: BackstageCredentials) {
    const [decision] = await permissions.authorize(
      [{ permission: argocdReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not see Argo CD applications');
    }
  }

  /** The entity's application named in the path, looked up on its instance only. */
  async function locate(
    entity: Entity,
    params: z.infer<typeof appParams>,
    appNamespace: string | undefined,
  ): Promise<LocatedApplication> {
    const entityRef = stringifyEntityRef(entity);
    const notOwned = new NotFoundError(
      `Argo CD application "${params.app}" on instance "${params.instance}" does not belong to ${entityRef}`,
    );
    const annotations = annotationsOf(entity);
    if (!annotations) throw notOwned;
    if (
      annotations.instanceNames.length > 0 &&
      !annotations.instanceNames.includes(params.instance)
    ) {
      throw notOwned;
    }
    if (!applications.instanceNames.includes(params.instance)) throw notOwned;
    const found = await applications.findApplications({
      ...annotations,
      instanceNames: [params.instance],
    });
    const failure = applications.instanceFailure(found, params.instance);
    if (failure) {
      throw new ArgoCdInstanceError(
        failure.name,
        failure.error!.reason,
        failure.error!.message,
        failure.error!.status,
      );
    }
    const located = applications.findOwned(found, {
      instance: params.instance,
      name: params.app,
      appNamespace,
    });
    if (!located) throw notOwned;
    return located;
  }

  router.get(
    '/entities/:kind/:namespace/:name/applications',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const params = parseInput(entityParams, req.params, 'path');
      await authorizeRead(credentials);
      const entity = await entityOf(params, credentials);
      const entityRef = stringifyEntityRef(entity);
      const annotations = annotationsOf(entity);
      if (!annotations) {
        const body: ArgoCdEntityApplicationsResponse = {
          entityRef,
          annotated: false,
          instances: [],
          applications: [],
          emptyReason: `${entityRef} has none of the annotations argocd/app-name, argocd/app-selector, argocd/project-name`,
        };
        res.json(body);
        return;
      }
      const found = await applications.findApplications(annotations);
      const failed = found.instances.filter(i => !i.ok);
      if (
        found.instances.length > 0 &&
        failed.length === found.instances.length
      ) {
        sendInstanceFailure(req, res, failed);
        return;
      }
      const body: ArgoCdEntityApplicationsResponse = {
        entityRef,
        annotated: true,
        instances: found.instances,
        applications: await Promise.all(
          found.applications.map(a => applications.summarize(a)),
        ),
        emptyReason: found.emptyReason,
      };
      res.json(body);
    },
  );

  const appPath =
    '/entities/:kind/:namespace/:name/applications/:instance/:app';

  router.get(`${appPath}/history`, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const params = parseInput(appParams, req.params, 'path');
    const query = parseInput(appQuery, req.query, 'query');
    const limit = parseHistoryLimit(query.limit);
    if (!limit.ok) throw new InputError(`query ${limit.message}`);
    await authorizeRead(credentials);
    const entity = await entityOf(params, credentials);
    const located = await locate(entity, params, query.appNamespace);
    res.json(await applications.history(located, limit.limit));
  });

  router.get(`${appPath}/resources`, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const params = parseInput(appParams, req.params, 'path');
    const query = parseInput(appQuery, req.query, 'query');
    await authorizeRead(credentials);
    const entity = await entityOf(params, credentials);
    const located = await locate(entity, params, query.appNamespace);
    res.json(applications.resources(located));
  });

  /** One write: audit event first, then input, entity, permission, the entity's claim, write ownership, Argo CD. */
  function write<B>(
    action: 'sync' | 'refresh' | 'rollback',
    permission: ResourcePermission<'catalog-entity'>,
    bodySchema: z.ZodType<B>,
    run: (located: LocatedApplication, body: B) => Promise<unknown>,
  ) {
    router.post(`${appPath}/${action}`, async (req, res) => {
      const event = await auditor.createEvent({
        eventId: `application-${action}`,
        severityLevel: 'medium',
        request: req,
        meta: {
          action,
          entity: `${req.params.kind}:${req.params.namespace}/${req.params.name}`,
          instance: req.params.instance,
          application: req.params.app,
        },
      });
      try {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const params = parseInput(appParams, req.params, 'path');
        const query = parseInput(appQuery, req.query, 'query');
        const body = parseInput(bodySchema, req.body ?? {}, 'body');
        const entity = await entityOf(params, credentials);
        const resourceRef = stringifyEntityRef(entity);
        const [decision] = await permissions.authorize(
          [{ permission, resourceRef }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `You may not ${action} the Argo CD applications of ${resourceRef}`,
          );
        }
        const located = await locate(entity, params, query.appNamespace);
        assertWriter(
          await ownership.forArgoCdApplication({
            instance: located.instance,
            name: located.app.metadata.name,
            project: located.app.spec?.project,
            labels: located.app.metadata.labels,
          }),
          resourceRef,
        );
        const result = await run(located, body);
        await event.success({
          meta: { entityRef: resourceRef, ...(body as object) },
        });
        res.json(result);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    });
  }

  write('sync', argocdSyncPermission, syncBody, (located, body) =>
    actions.sync(located, { prune: body.prune ?? false }),
  );
  write('refresh', argocdRefreshPermission, refreshBody, located =>
    actions.refresh(located),
  );
  write(
    'rollback',
    argocdRollbackPermission,
    rollbackBody,
    async (located, body) => {
      const history = located.app.status?.history ?? [];
      if (!history.some(h => h.id === body.id)) {
        throw new InputError(
          `body id: ${body.id} is not in the history of ${
            located.app.metadata.name
          } (ids: ${history.map(h => h.id).join(', ') || 'none'})`,
        );
      }
      if (located.app.spec?.syncPolicy?.automated) {
        throw new ConflictError(
          `${located.app.metadata.name} has automated sync enabled; Argo CD refuses rollbacks until it is disabled`,
        );
      }
      return actions.rollback(located, {
        id: body.id,
        prune: body.prune ?? false,
      });
    },
  );

  // Argo CD faults become labelled answers, never crashes or bare 500s.
  router.use(
    (error: Error, req: Request, res: Response, next: express.NextFunction) => {
      if (error instanceof ArgoCdInstanceError) {
        sendInstanceFailure(req, res, [failedInstance(error)]);
        return;
      }
      if (error instanceof ArgoCdRequestRejectedError) {
        const message = `Argo CD instance "${error.instance}" refused the request (HTTP ${error.status}): ${error.message}`;
        next(
          error.status === 404
            ? new NotFoundError(message)
            : new ConflictError(message),
        );
        return;
      }
      next(error);
    },
  );

  return router;
}
