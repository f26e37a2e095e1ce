export interface Config {
  /**
   * Argo CD instances the argocd plugin family reads and acts on. Same shape
   * as Roadie's and the community Argo CD backends, so existing config works.
   */
  argocd?: {
    /**
     * Username for instances that set neither `token` nor `username`/`password`
     * (Roadie compatibility).
     * @visibility secret
     */
    username?: string;
    /**
     * Password going with `argocd.username`.
     * @visibility secret
     */
    password?: string;
    /**
     * Timeout of one request to Argo CD, in milliseconds. Default 10000.
     */
    requestTimeoutMs?: number;
    /**
     * How many revision-metadata requests run at once per instance. Default 4.
     */
    metadataConcurrency?: number;
    /**
     * Where applications are found. Only `type: config` is read.
     */
    appLocatorMethods?: Array<{
      /**
       * `config`: the instances below.
       */
      type: string;
      instances?: Array<{
        /**
         * Name of the instance, as written in the `argocd/instance-name` annotation.
         */
        name: string;
        /**
         * Base URL of the Argo CD API server, e.g. https://argocd.example.com.
         */
        url: string;
        /**
         * Base URL of the Argo CD UI, when not the same as `url` (used for links only).
         */
        frontendUrl?: string;
        /**
         * Argo CD API token (an account with apiKey capability).
         * @visibility secret
         */
        token?: string;
        /**
         * Argo CD local user; a session is created once and reused until it expires.
         * @visibility secret
         */
        username?: string;
        /**
         * Password of `username`.
         * @visibility secret
         */
        password?: string;
        /**
         * PEM certificate(s) of a private CA that signed the server's certificate.
         */
        caData?: string;
        /**
         * Path to a PEM file of a private CA that signed the server's certificate.
         */
        caFile?: string;
        /**
         * Do not verify the server's TLS certificate (development only).
         */
        skipTLSVerify?: boolean;
      }>;
    }>;
  };
}
