import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  EntitySizingService,
  parseSizingEntityRef,
} from './services/EntitySizingService';
import { NodeGroupService } from './services/NodeGroupService';

/**
 * GET /entity?entityRef=…: one entity's sizing, if the caller may see the entity.
 * GET /services: every catalog service with Kubernetes annotations the caller
 * may read, with its cost, waste and VPA verdicts, and totals per owner, system
 * and node group (computed from the watch cache and the last poll, no cluster read).
 * GET /node-groups: every cluster's node-group utilisation and price (aggregates,
 * no workload named), for any signed-in user or service.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  sizing: EntitySizingService;
  nodeGroups: NodeGroupService;
}): Promise<express.Router> {
  const { httpAuth, sizing, nodeGroups } = options;
  const router = Router();
  router.use(express.json());

  router.get('/entity', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = parseSizingEntityRef(req.query.entityRef);
    res.json(await sizing.sizingFor(ref, credentials));
  });

  router.get('/services', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await sizing.servicesCapacity(credentials));
  });

  router.get('/node-groups', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await nodeGroups.nodeGroups());
  });

  return router;
}
