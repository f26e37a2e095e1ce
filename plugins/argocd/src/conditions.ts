import type { Entity } from '@backstage/catalog-model';
import { hasArgoCdAnnotations } from '@supply-chain/plugin-argocd-common';

/**
 * True when the entity has `argocd/app-name`, `argocd/app-selector` or
 * `argocd/project-name` (for `EntitySwitch` on legacy apps).
 * @public
 */
export const isArgocdAvailable = (entity: Entity): boolean =>
  hasArgoCdAnnotations(entity);
