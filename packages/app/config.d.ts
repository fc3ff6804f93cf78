export interface Config {
  app?: {
    /**
     * The providers the sign-in page offers, in this order: `personas` (the
     * demo's people, demo.personas and auth.providers.personas), `guest`
     * (the demo's guest sign-in, auth.providers.guest) and `github`
     * (auth.providers.github). `personas` goes with `guest` only. Default
     * [guest].
     * @visibility frontend
     */
    signInProviders?: Array<'personas' | 'guest' | 'github'>;
  };
  /** What only the demo has. */
  demo?: {
    /**
     * The demo's people: the sign-in page offers each, and the backend's
     * `personas` auth provider signs in as the catalog user named here (its
     * groups from the catalog). Declared here, not in the backend, because
     * the page reads it; the backend ignores it when auth.environment is
     * production.
     */
    personas?: Array<{
      /**
       * The catalog User's name, in the default namespace.
       * @visibility frontend
       */
      user: string;
      /**
       * The name the sign-in page shows.
       * @visibility frontend
       */
      title: string;
      /**
       * The team the sign-in page shows.
       * @visibility frontend
       */
      team: string;
      /**
       * What the persona does in the demo, as the sign-in page shows it.
       * @visibility frontend
       */
      role: string;
    }>;
  };
}
