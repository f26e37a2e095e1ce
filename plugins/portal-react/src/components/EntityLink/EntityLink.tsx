import {
  DEFAULT_NAMESPACE,
  type Entity,
  parseEntityRef,
} from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import {
  entityRouteRef,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';
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

function Linked(props: {
  target: { kind: string; namespace?: string; name: string };
  label: string;
  tab?: string;
}) {
  const { target, label, tab } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  if (!entityRoute) {
    return <span>{label}</span>;
  }
  const href = entityRoute({
    kind: target.kind.toLocaleLowerCase('en-US'),
    namespace: (target.namespace ?? DEFAULT_NAMESPACE).toLocaleLowerCase(
      'en-US',
    ),
    name: target.name,
  });
  return <Link href={tab ? `${href}/${tab}` : href}>{label}</Link>;
}

/** An entity ref, labelled as the catalog presents the entity (its title). */
function EntityRefLabelLink(props: {
  entityRef: string;
  defaultKind?: string;
  tab?: string;
}) {
  const { entityRef, defaultKind, tab } = props;
  const { primaryTitle } = useEntityPresentation(entityRef, { defaultKind });
  return (
    <Linked
      target={parseEntityRef(entityRef, { defaultKind })}
      label={primaryTitle}
      tab={tab}
    />
  );
}

/**
 * A `@backstage/ui` link to an entity's page (or one of its tabs), showing the
 * entity's title, else its name; the label as plain text where the catalog's
 * entity page is not mounted. Given an entity ref (`group:default/ml-team`,
 * or `ml-team` with `defaultKind`), the label is what the catalog's entity
 * presentation gives (the title once loaded), as the catalog's own links show.
 *
 * @public
 */
export function EntityLink(props: {
  entity: EntityLinkTarget | string;
  /** the kind of an entity ref without one */
  defaultKind?: string;
  tab?: string;
}) {
  const { entity, defaultKind, tab } = props;
  if (typeof entity === 'string') {
    return (
      <EntityRefLabelLink
        entityRef={entity}
        defaultKind={defaultKind}
        tab={tab}
      />
    );
  }
  const summary = summarize(entity);
  return (
    <Linked target={summary} label={summary.title ?? summary.name} tab={tab} />
  );
}
