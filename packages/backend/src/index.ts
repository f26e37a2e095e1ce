/*
 * The supply-chain portal's backend (new backend system): the stock plugins of a
 * Backstage app plus the portal's own plugin families.
 */

import { createBackend } from '@backstage/backend-defaults';
import { permissionPolicyModule } from './modules/permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// production sign-in (app-config.production.yaml)
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// Owners (by the catalog's isEntityOwner rule) and admins may write; see modules/permissionPolicy.ts
backend.add(permissionPolicyModule);

// events: lets catalog and signals receive events across plugins
backend.add(import('@backstage/plugin-events-backend'));

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// the supply-chain portal's plugin families
backend.add(import('@supply-chain/plugin-rollouts-backend'));
backend.add(import('@supply-chain/plugin-argocd-backend'));
backend.add(import('@supply-chain/plugin-deployment-metrics-backend'));
backend.add(import('@supply-chain/plugin-service-boundaries-backend'));
backend.add(import('@supply-chain/plugin-attention-backend'));
backend.add(import('@supply-chain/plugin-capacity-backend'));
backend.add(
  import('@supply-chain/plugin-scaffolder-backend-module-supply-chain'),
);

// A backend whose startup failed exits, so Kubernetes restarts it (its liveness would still answer).
backend.start().catch(() => process.exit(1));
