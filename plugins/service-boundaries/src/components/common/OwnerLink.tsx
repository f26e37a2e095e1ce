import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** The owner of an entity as a link, or "no owner" in words. */
export function OwnerLink(props: { ownerRef?: string }) {
  if (!props.ownerRef) return <span>no owner declared</span>;
  return <EntityRefLink entityRef={props.ownerRef} defaultKind="group" />;
}
