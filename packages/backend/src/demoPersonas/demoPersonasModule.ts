import { AuthenticationError } from '@backstage/errors';
import { headerSignInProviderModule } from '../signInByHeader';
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
export const demoPersonasModule = headerSignInProviderModule({
  moduleId: 'demo-personas-provider',
  providerId: 'personas',
  header: PERSONA_HEADER,
  userNamed: ({ config, logger }) => {
    const personas = readDemoPersonas(config);
    if (!personas) return undefined;
    if (config.getOptionalString('auth.environment') === 'production') {
      logger.info('demo.personas is ignored: auth.environment is production');
      return undefined;
    }
    return user => {
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
    };
  },
});
