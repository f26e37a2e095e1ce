export interface Config {
  /** Settings of the supply-chain portal's backend. */
  supplyChain?: {
    permission?: {
      /**
       * Entity refs of the groups whose members may perform every action
       * (e.g. `group:default/platform-team`, the default).
       */
      adminGroups?: string[];
    };
  };
}
