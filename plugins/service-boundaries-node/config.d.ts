export interface Config {
  supplyChain?: {
    /** Which catalog sources may say what an entity owns (docs/SECURITY.md). */
    ownership?: {
      /**
       * Location prefixes (as in `backstage.io/managed-by-origin-location`:
       * `url:https://git.example.com/org/gitops/` or `file:/path/`) whose
       * entities' claims on cluster objects and Argo CD applications count for
       * writes, beside the `catalog.locations` of the config, which are always
       * trusted. Default: none. Locations users register are never trusted.
       */
      trustedLocations?: string[];
    };
  };
}
