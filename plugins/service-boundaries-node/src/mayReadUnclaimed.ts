import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { serviceBoundariesUnclaimedReadPermission } from '@supply-chain/plugin-service-boundaries-common';

/**
 * May the caller see every object of a cluster-wide list (every MLModel,
 * every recorded rollout, unowned workloads)? Only with
 * `service-boundaries.unclaimed.read` (the platform team). Everyone else gets
 * the objects that catalog entities they can read claim, each plugin by its
 * own claim rule and with the caller's credentials: an object no visible
 * entity claims may be a team's whose entities are hidden from them.
 * @public
 */
export async function mayReadUnclaimed(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize(
    [{ permission: serviceBoundariesUnclaimedReadPermission }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}
