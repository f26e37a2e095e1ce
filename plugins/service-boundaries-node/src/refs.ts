import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { WriteOwnershipService } from './WriteOwnershipService';

/**
 * Write ownership of cluster objects and Argo CD applications (one rule for
 * every write path of the portal; docs/SECURITY.md).
 * @public
 */
export const writeOwnershipServiceRef = createServiceRef<WriteOwnershipService>(
  {
    id: 'service-boundaries.write-ownership',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          catalog: catalogServiceRef,
          auth: coreServices.auth,
          config: coreServices.rootConfig,
        },
        factory: deps => WriteOwnershipService.create(deps),
      }),
  },
);
