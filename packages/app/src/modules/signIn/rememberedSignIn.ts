import { IdentityApi } from '@backstage/frontend-plugin-api';

const KEY = 'miniplanes:signIn';

/** Who signs in: a demo persona (by user name) or the guest. */
export type SignInChoice =
  | { provider: 'personas'; user: string }
  | {
      provider: 'guest';
    };

/** The visitor's last choice, so a reload signs them in again. */
export function rememberedChoice(): SignInChoice | undefined {
  const stored = window.localStorage.getItem(KEY);
  if (stored === 'guest') return { provider: 'guest' };
  if (stored?.startsWith('personas:')) {
    return { provider: 'personas', user: stored.slice('personas:'.length) };
  }
  return undefined;
}

export function remember(choice: SignInChoice) {
  window.localStorage.setItem(
    KEY,
    choice.provider === 'guest' ? 'guest' : `personas:${choice.user}`,
  );
}

export function forget() {
  window.localStorage.removeItem(KEY);
}

/** The identity, whose sign-out also forgets the choice: the page offers everyone again. */
export function forgettingOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    async signOut() {
      forget();
      await identity.signOut();
    },
  };
}
