import { Config } from '@backstage/config';

/** The default admin group: a fresh install names exactly one. */
export const DEFAULT_ADMIN_GROUPS = ['group:default/platform-team'];

/**
 * `supplyChain.permission.adminGroups`, lower-cased (entity refs compare
 * case-insensitively); members of these groups may perform every action.
 */
export function readAdminGroups(config: Config): ReadonlySet<string> {
  const refs =
    config.getOptionalStringArray('supplyChain.permission.adminGroups') ??
    DEFAULT_ADMIN_GROUPS;
  for (const ref of refs) {
    if (!/^group:[^/]+\/[^/]+$/i.test(ref)) {
      throw new Error(
        `supplyChain.permission.adminGroups: ${ref} is not a group entity ref (group:<namespace>/<name>)`,
      );
    }
  }
  return new Set(refs.map(ref => ref.toLocaleLowerCase('en-US')));
}
