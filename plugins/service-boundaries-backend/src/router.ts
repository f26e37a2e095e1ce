import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  serviceBoundariesDriftReadPermission,
  serviceBoundariesOwnersReadPermission,
  serviceBoundariesReadPermission,
  serviceBoundariesUnclaimedReadPermission,
} from '@supply-chain/plugin-service-boundaries-common';
import { parseInput } from '@supply-chain/portal-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  MAX_BATCH_IDENTIFIERS,
  ServiceBoundariesService,
} from './services/ServiceBoundariesService';

const MAX_IDENTIFIER_LENGTH = 500;

const entityRefSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(parseEntityRef(value)).toLocaleLowerCase(
        'en-US',
      );
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not an entity ref (kind:namespace/name)`,
      });
      return z.NEVER;
    }
  });

const identifierSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(
    MAX_IDENTIFIER_LENGTH,
    `must be at most ${MAX_IDENTIFIER_LENGTH} characters`,
  );

const batchSchema = z.object({
  identifiers: z
    .array(identifierSchema, { error: 'must be an array of strings' })
    .min(1, 'must list at least one identifier')
    .max(
      MAX_BATCH_IDENTIFIERS,
      `must list at most ${MAX_BATCH_IDENTIFIERS} identifiers`,
    ),
});

/** A 400 names the first wrong field: `body.identifiers.1: must be a string`. */
const firstProblem = { report: 'first' } as const;

function optionalEntityRef(req: Request): string | undefined {
  const value = req.query.entityRef;
  return value === undefined
    ? undefined
    : parseInput(entityRefSchema, value, 'entityRef', firstProblem);
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: ServiceBoundariesService;
}

/**
 * The service-boundaries REST API:
 *
 * - `GET /boundaries?entityRef=component:default/x`
 * - `GET /map[?entityRef=system:…|domain:…]`
 * - `GET /drift[?entityRef=component:…|system:…|domain:…]`
 * - `GET /owners?q=…`, `POST /owners/batch { identifiers: [...] }`
 * - `GET /unowned`
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, service } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  async function authorize(
    req: Request,
    permission: BasicPermission,
    why?: string,
  ) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        why
          ? `${why} (permission ${permission.name})`
          : `Not allowed: ${permission.name}`,
      );
    }
    return credentials;
  }

  router.get('/boundaries', async (req, res) => {
    const credentials = await authorize(req, serviceBoundariesReadPermission);
    const entityRef = parseInput(
      entityRefSchema,
      req.query.entityRef ?? '',
      'entityRef',
      firstProblem,
    );
    res.json(await service.getBoundary(entityRef, credentials));
  });

  router.get('/map', async (req, res) => {
    const credentials = await authorize(req, serviceBoundariesReadPermission);
    res.json(await service.getBoundaryMap(optionalEntityRef(req), credentials));
  });

  router.get('/drift', async (req, res) => {
    const credentials = await authorize(
      req,
      serviceBoundariesDriftReadPermission,
    );
    res.json(await service.getDrift(optionalEntityRef(req), credentials));
  });

  router.get('/owners', async (req, res) => {
    const credentials = await authorize(
      req,
      serviceBoundariesOwnersReadPermission,
    );
    const q = parseInput(
      identifierSchema,
      req.query.q ?? '',
      'q',
      firstProblem,
    );
    const [answer] = await service.whoOwns([q], credentials);
    res.json(answer);
  });

  router.post('/owners/batch', async (req, res) => {
    const credentials = await authorize(
      req,
      serviceBoundariesOwnersReadPermission,
    );
    const { identifiers } = parseInput(
      batchSchema,
      req.body ?? {},
      'body',
      firstProblem,
    );
    const answers = await service.whoOwns(identifiers, credentials);
    res.json({
      answers,
      summary: {
        identifiers: answers.length,
        matched: answers.filter(a => a.status === 'matched').length,
        ambiguous: answers.filter(a => a.status === 'ambiguous').length,
        none: answers.filter(a => a.status === 'none').length,
      },
    });
  });

  router.get('/unowned', async (req, res) => {
    // The catalog is read with the caller's credentials: a workload whose
    // entity is hidden from them would show as unowned, so only the platform
    // team, who may see every cluster object, gets this list.
    const credentials = await authorize(
      req,
      serviceBoundariesUnclaimedReadPermission,
      'Only the platform team sees unowned workloads: a workload no entity you can see claims may be another team’s',
    );
    res.json(await service.getUnowned(credentials));
  });

  return router;
}
