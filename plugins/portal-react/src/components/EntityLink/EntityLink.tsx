import { DEFAULT_NAMESPACE, type Entity } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Link } from '@backstage/ui';

/**
 * What an entity link needs: a catalog entity, or a summary of one with its
 * kind, namespace, name and (optionally) title.
 *
 * @public
 */
export type EntityLinkTarget =
  | Entity
  | { kind: string; namespace?: string; name: string; title?: string };

function summarize(target: EntityLinkTarget) {
  if ('metadata' in target) {
    return {
      kind: target.kind,
      namespace: target.metadata.namespace,
      name: target.metadata.name,
      title: target.metadata.title,
    };
  }
  return target;
}

/**
 * A `@backstage/ui` link to an entity's page (or one of its tabs), showing the
 * entity's title, else its name; the label as plain text where the catalog's
 * entity page is not mounted.
 *
 * @public
 */
export function EntityLink(props: { entity: EntityLinkTarget; tab?: string }) {
  const { entity, tab } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  const { kind, namespace, name, title } = summarize(entity);
  const label = title ?? name;
  if (!entityRoute) {
    return <span>{label}</span>;
  }
  const href = entityRoute({
    kind: kind.toLocaleLowerCase('en-US'),
    namespace: (namespace ?? DEFAULT_NAMESPACE).toLocaleLowerCase('en-US'),
    name,
  });
  return <Link href={tab ? `${href}/${tab}` : href}>{label}</Link>;
}
