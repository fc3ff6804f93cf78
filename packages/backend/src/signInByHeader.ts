import {
  coreServices,
  createBackendModule,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
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
function signInByHeader(
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

/**
 * An auth module that registers the sign-in provider `providerId`, which
 * signs in the catalog user the request header `header` names
 * (signInByHeader). At start-up `userNamed` gets the root config and the
 * logger and answers how to turn the header's value into the user's name, or
 * undefined for no provider at all.
 */
export function headerSignInProviderModule(options: {
  moduleId: string;
  providerId: string;
  header: string;
  userNamed: (services: {
    config: RootConfigService;
    logger: LoggerService;
  }) => ((value: string | undefined) => string) | undefined;
}) {
  const { moduleId, providerId, header, userNamed } = options;
  return createBackendModule({
    pluginId: 'auth',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: {
          providers: authProvidersExtensionPoint,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
        },
        async init({ providers, config, logger }) {
          const named = userNamed({ config, logger });
          if (!named) return;
          providers.registerProvider({
            providerId,
            factory: signInByHeader(header, named),
          });
        },
      });
    },
  });
}
