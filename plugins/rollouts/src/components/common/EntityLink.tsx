import type { Entity } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Link } from '@backstage/ui';

/** A link to an entity's page, or its name as text where the catalog is not mounted. */
export function EntityLink(props: { entity: Entity; tab?: string }) {
  const { entity, tab } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  const label = entity.metadata.title ?? entity.metadata.name;
  if (!entityRoute) {
    return <span>{label}</span>;
  }
  const href = entityRoute({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  });
  return <Link href={tab ? `${href}/${tab}` : href}>{label}</Link>;
}
