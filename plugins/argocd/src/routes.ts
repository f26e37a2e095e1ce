import { createRouteRef } from '@backstage/core-plugin-api';

/** The "Argo CD" tab of an entity page. */
export const entityArgoCdRouteRef = createRouteRef({
  id: 'argocd:entity-content',
});
