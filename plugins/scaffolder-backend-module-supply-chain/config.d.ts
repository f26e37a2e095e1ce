export interface Config {
  supplyChain?: {
    /**
     * Settings of the supply-chain scaffolder actions. Every allow-list is
     * empty by default: a fresh install lets the actions write nowhere.
     */
    scaffolder?: {
      /**
       * Clusters `supply-chain:kubernetes:apply` may write to. A cluster listed here
       * overrides the same name in `kubernetes.clusterLocatorMethods` (whose token is
       * usually the portal's read-only one).
       */
      clusters?: Array<{
        /** Name used in the action's `cluster` input and in `allowedTargets`, e.g. `sandbox`. */
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
        /**
         * How Argo CD names this cluster as an Application destination; an
         * application may deploy only to a destination listed here.
         */
        argocd?: {
          /** destination.server, e.g. https://kubernetes.default.svc */
          server?: string;
          /** destination.name */
          name?: string;
        };
      }>;
      /**
       * Where each owner may deploy: one list shared by
       * `supply-chain:argocd:application:create` (destination cluster and
       * namespace) and `supply-chain:kubernetes:apply` (cluster and object
       * namespace). An owner without an entry may deploy nowhere.
       */
      allowedTargets?: Array<{
        /** Entity ref of the owning group, e.g. group:default/inventory-team; '*' for every owner. */
        owner: string;
        /** Names of `clusters` entries ('*': all of them). */
        clusters: string[];
        /** Namespaces (no wildcard). */
        namespaces: string[];
      }>;
      /** The GitOps repository: the only one `supply-chain:gitops:commit` writes and Argo CD applications may deploy from. */
      gitops?: {
        /** Clone URL; the actions' repoUrl / source.repoURL must equal it. Unset: no commits, no applications. */
        repoUrl?: string;
        /** The only branch commits go to (default main). */
        branch?: string;
        /**
         * Bearer token sent to an https:// repoUrl (not used for file://, nor
         * for hosts of `integrations.gitea`, whose own credentials are used).
         * Sent to repoUrl only.
         * @visibility secret
         */
        token?: string;
      };
      /** Argo CD applications the scaffolder creates. */
      argocd?: {
        /** The only project applications may be in. Unset: no applications. */
        project?: string;
        /** The namespace of Application objects (default argocd). */
        namespace?: string;
      };
      /** `supply-chain:kubernetes:apply`. */
      kubernetes?: {
        /**
         * Kinds that may be applied, as `<group>/<Kind>` (core group: `<Kind>`).
         * Default: what the templates render (Deployment, Service, ServiceAccount,
         * ConfigMap, HPA, PDB, Istio VirtualService/DestinationRule/AuthorizationPolicy,
         * ServiceMonitor, ExternalSecret, MLModel). Namespace, Secret, CRDs, RBAC
         * and webhooks are never applied, and cluster-scoped objects never.
         */
        allowedKinds?: string[];
      };
      /** `supply-chain:gitea:publish`. */
      gitea?: {
        /** Organizations (or users) new repositories may be created in. Default none. */
        allowedOwners?: string[];
      };
    };
  };
}
