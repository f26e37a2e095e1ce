import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { EntitySummary } from '@supply-chain/plugin-service-boundaries-common';

/** A link to an entity page, showing its title (or name). */
export function EntityLink(props: { entity: EntitySummary }) {
  const { entity } = props;
  return (
    <EntityRefLink
      entityRef={{
        kind: entity.kind,
        namespace: entity.namespace,
        name: entity.name,
      }}
      title={entity.title ?? entity.name}
    />
  );
}

/** The owner of an entity as a link, or "no owner" in words. */
export function OwnerLink(props: { ownerRef?: string }) {
  if (!props.ownerRef) return <span>no owner declared</span>;
  return <EntityRefLink entityRef={props.ownerRef} defaultKind="group" />;
}
