import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { PersonaSignInPage } from './PersonaSignInPage';

const github: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in using GitHub',
  apiRef: githubAuthApiRef,
};

/** What each `app.signInProviders` entry puts on the page. */
const providers = { guest: 'guest', github } as const;
type ProviderName = keyof typeof providers;

/** Every name app.signInProviders may hold: the providers and the demo's personas. */
const known = ['personas', ...Object.keys(providers)];

/**
 * The sign-in page, offering the providers `app.signInProviders` names: the
 * demo's personas and guest in the demo, GitHub in production (each needs its
 * auth.providers entry on the backend).
 */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('app.signInProviders') ?? [
    'guest',
  ];
  const unknown = names.filter(name => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `app.signInProviders: unknown provider ${unknown.join(
        ', ',
      )}; this app offers ${known.join(', ')}`,
    );
  }
  if (names.includes('personas')) {
    const others = names.filter(
      name => name !== 'personas' && name !== 'guest',
    );
    if (others.length > 0) {
      throw new Error(
        `app.signInProviders: personas goes with guest only, not with ${others.join(
          ', ',
        )}`,
      );
    }
    return <PersonaSignInPage {...props} withGuest={names.includes('guest')} />;
  }
  return (
    <SignInPage
      {...props}
      providers={names.map(name => providers[name as ProviderName])}
    />
  );
}
