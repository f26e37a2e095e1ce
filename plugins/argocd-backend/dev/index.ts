/*
 * Standalone loop for the argocd backend: `yarn start` in this package, with
 * the sandbox's Argo CD configured (see README), e.g.
 *   . ../../.sandbox/env.sh && yarn start --config ../../app-config.yaml --config dev/app-config.sandbox.yaml
 * Permissions: allow-all (the app's policy lives in packages/backend).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('../src'));
backend.start();
