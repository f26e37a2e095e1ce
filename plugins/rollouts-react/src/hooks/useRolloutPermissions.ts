import { usePermission } from '@backstage/plugin-permission-react';
import {
  rolloutsPausePermission,
  rolloutsRestartPermission,
  rolloutsScalePermission,
  rolloutsUndoPermission,
} from '@supply-chain/plugin-rollouts-common';

/**
 * Which rollout actions the signed-in user may take on an entity. The backend
 * checks again on every write; this only decides what the UI offers.
 *
 * @param entityRef - the entity ref, e.g. `component:default/inventory-service`
 * @public
 */
export function useRolloutPermissions(entityRef: string): {
  loading: boolean;
  restart: boolean;
  pause: boolean;
  undo: boolean;
  scale: boolean;
} {
  const restart = usePermission({
    permission: rolloutsRestartPermission,
    resourceRef: entityRef,
  });
  const pause = usePermission({
    permission: rolloutsPausePermission,
    resourceRef: entityRef,
  });
  const undo = usePermission({
    permission: rolloutsUndoPermission,
    resourceRef: entityRef,
  });
  const scale = usePermission({
    permission: rolloutsScalePermission,
    resourceRef: entityRef,
  });
  return {
    loading: restart.loading || pause.loading || undo.loading || scale.loading,
    restart: restart.allowed,
    pause: pause.allowed,
    undo: undo.allowed,
    scale: scale.allowed,
  };
}
