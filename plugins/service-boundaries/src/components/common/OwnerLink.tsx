import { EntityLink } from '@supply-chain/portal-react';

/** The owner of an entity as a link, or "no owner" in words. */
export function OwnerLink(props: { ownerRef?: string }) {
  if (!props.ownerRef) return <span>no owner declared</span>;
  return <EntityLink entity={props.ownerRef} defaultKind="group" />;
}
