export interface Config {
  /** Settings of the supply-chain portal's backend. */
  supplyChain?: {
    permission?: {
      /**
       * Entity refs of the groups whose members may perform every action
       * (e.g. `group:default/platform-team`, the default). Everyone else may
       * do what the policy table in
       * `packages/backend/src/modules/permissionPolicy.ts` allows: reads,
       * writes on entities their groups own, nothing unknown.
       */
      adminGroups?: string[];
      /**
       * URL prefixes (http or https, e.g. `https://git.example.com/platform/`)
       * under which a signed-in user who is not an admin may register a
       * catalog location, analyze one, or have the scaffolder's
       * `catalog:register` register one on their behalf. The target must be
       * in canonical form (no `..`, escapes, query or fragment) and the
       * location may hold only the kinds `catalog.rules` allow and no entity
       * that already exists from another source. Default: none (only admins
       * register locations).
       */
      registrableLocations?: string[];
    };
  };
}
