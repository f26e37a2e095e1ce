import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  EntitySizingService,
  parseSizingEntityRef,
} from './services/EntitySizingService';

/** GET /entity?entityRef=…: one entity's sizing, if the caller may see the entity. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  sizing: EntitySizingService;
}): Promise<express.Router> {
  const { httpAuth, sizing } = options;
  const router = Router();
  router.use(express.json());

  router.get('/entity', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = parseSizingEntityRef(req.query.entityRef);
    res.json(await sizing.sizingFor(ref, credentials));
  });

  return router;
}
