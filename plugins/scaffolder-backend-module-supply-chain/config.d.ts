export interface Config {
  supplyChain?: {
    /** Settings of the supply-chain scaffolder actions. */
    scaffolder?: {
      /**
       * Clusters `supply-chain:kubernetes:apply` may write to. A cluster listed here
       * overrides the same name in `kubernetes.clusterLocatorMethods` (whose token is
       * usually the portal's read-only one).
       */
      clusters?: Array<{
        /** Name used in the action's `cluster` input, e.g. `sandbox`. */
        name: string;
        /** apiserver URL, e.g. https://127.0.0.1:46443 */
        url: string;
        /**
         * Bearer token allowed to create/patch the objects templates apply.
         * @visibility secret
         */
        token?: string;
        /** Base64 PEM of the CA that signed the apiserver certificate. */
        caData?: string;
        /** Path of that CA's PEM file. */
        caFile?: string;
        /** Skip TLS verification (local sandboxes only). */
        skipTLSVerify?: boolean;
      }>;
      /** The GitOps repository `supply-chain:gitops:commit` pushes to. */
      gitops?: {
        /**
         * Bearer token sent to https:// GitOps remotes (not used for file://, nor
         * for hosts of `integrations.gitea`, whose own credentials are used).
         * @visibility secret
         */
        token?: string;
      };
    };
  };
}
