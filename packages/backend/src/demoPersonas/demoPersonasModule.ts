import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import { authProvidersExtensionPoint } from '@backstage/plugin-auth-node';
import { signInByHeader } from '../signInByHeader';
import { readDemoPersonas } from './readDemoPersonas';

/** The header naming the persona to sign in as. */
export const PERSONA_HEADER = 'x-miniplanes-persona';

/**
 * The demo's `personas` sign-in provider (`auth.providers.personas`):
 * `GET /api/auth/personas/refresh` with the x-miniplanes-persona header
 * signs in as the catalog user it names, if `demo.personas` lists it, with
 * that user's ownership (the user and its groups) as any real provider
 * gives. It proves nothing about who calls, so it exists only where
 * `demo.personas` is set and never when `auth.environment` is production
 * (whose config layers on the demo's).
 */
export const demoPersonasModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-personas-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const personas = readDemoPersonas(config);
        if (!personas) return;
        if (config.getOptionalString('auth.environment') === 'production') {
          logger.info(
            'demo.personas is ignored: auth.environment is production',
          );
          return;
        }
        providers.registerProvider({
          providerId: 'personas',
          factory: signInByHeader(PERSONA_HEADER, user => {
            if (!user) {
              throw new AuthenticationError(
                `${PERSONA_HEADER} header missing: name one of ${personas.join(
                  ', ',
                )}`,
              );
            }
            if (!personas.includes(user)) {
              throw new AuthenticationError(
                `${PERSONA_HEADER}: ${JSON.stringify(
                  user,
                )} is not one of the demo's personas (${personas.join(', ')})`,
              );
            }
            return user;
          }),
        });
      },
    });
  },
});
