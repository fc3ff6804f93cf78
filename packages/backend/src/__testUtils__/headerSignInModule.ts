import { AuthenticationError } from '@backstage/errors';
import { headerSignInProviderModule } from '../signInByHeader';

/** The header naming the user who signs in with the `header` provider. */
export const USER_HEADER = 'x-test-user';

/**
 * A sign-in provider for tests, `header` (enable it with
 * `auth.providers.header: {}`): signs in the catalog user named by the
 * x-test-user header of `GET /api/auth/header/refresh`, with the ownership
 * of a real provider's sign-in (the user and their groups). It stands in for
 * the identity provider an operator configures, which a test cannot reach,
 * as an authenticating proxy would.
 */
export const headerSignInModule = headerSignInProviderModule({
  moduleId: 'test-header-provider',
  providerId: 'header',
  header: USER_HEADER,
  userNamed: () => name => {
    if (!name) {
      throw new AuthenticationError(`no ${USER_HEADER} header`);
    }
    return name;
  },
});
