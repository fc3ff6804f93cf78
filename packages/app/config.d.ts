export interface Config {
  app?: {
    /**
     * The providers the sign-in page offers, in this order: `guest` (the
     * demo's guest sign-in, auth.providers.guest) and `github`
     * (auth.providers.github). Default [guest].
     * @visibility frontend
     */
    signInProviders?: Array<'guest' | 'github'>;
  };
}
