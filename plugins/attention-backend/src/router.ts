import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { AttentionReader } from './services/AttentionReader';
import { ServicesReader } from './services/ServicesReader';

function optionalRef(req: express.Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[^:\s]+:[^\s]+$/.test(value)) {
    throw new InputError(
      `${name} must be one entity ref such as component:default/order-service (got ${JSON.stringify(
        value,
      )})`,
    );
  }
  return value;
}

/**
 * GET /problems[?entityRef=…][&ownerRef=…]: what needs attention, as the caller may see it.
 * GET /services: the caller's services with their rollout and sync state.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  reader: AttentionReader;
  services: ServicesReader;
}): Promise<express.Router> {
  const { httpAuth, reader, services } = options;
  const router = Router();
  router.use(express.json());

  router.get('/problems', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await reader.read(credentials, {
        entityRef: optionalRef(req, 'entityRef'),
        ownerRef: optionalRef(req, 'ownerRef'),
      }),
    );
  });

  // "Your services" of the home page in one request instead of two per service
  router.get('/services', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await services.read(credentials));
  });

  return router;
}
