import {
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * A sign-in provider that trusts a request header to name the catalog user
 * to sign in as, with that user's ownership (the user and their groups) as a
 * real provider gives: what an authenticating proxy in front of the portal
 * does. `userNamed` turns the header's value into the user's name, throwing
 * an AuthenticationError for a value it refuses (a missing one included).
 */
export function signInByHeader(
  header: string,
  userNamed: (value: string | undefined) => string,
) {
  return createProxyAuthProviderFactory({
    authenticator: createProxyAuthenticator({
      defaultProfileTransform: async (result: { user: string }) => ({
        profile: { displayName: result.user },
      }),
      initialize: () => undefined,
      async authenticate({ req }) {
        return { result: { user: userNamed(req.header(header)) } };
      },
    }),
    signInResolver: async ({ result }, ctx) =>
      ctx.signInWithCatalogUser({ entityRef: { name: result.user } }),
  });
}
