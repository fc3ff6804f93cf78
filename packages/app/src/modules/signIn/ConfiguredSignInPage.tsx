import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';

const github: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in using GitHub',
  apiRef: githubAuthApiRef,
};

/** What each `app.signInProviders` entry puts on the page. */
const providers = { guest: 'guest', github } as const;

/**
 * The sign-in page, offering the providers `app.signInProviders` names:
 * guest in the demo, GitHub in production (each needs its
 * auth.providers entry on the backend).
 */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('app.signInProviders') ?? [
    'guest',
  ];
  const unknown = names.filter(name => !(name in providers));
  if (unknown.length > 0) {
    throw new Error(
      `app.signInProviders: unknown provider ${unknown.join(
        ', ',
      )}; this app offers ${Object.keys(providers).join(' and ')}`,
    );
  }
  return (
    <SignInPage
      {...props}
      providers={names.map(name => providers[name as keyof typeof providers])}
    />
  );
}
