import { githubAuthApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { ConfiguredSignInPage } from './ConfiguredSignInPage';

describe('ConfiguredSignInPage', () => {
  const render = (app: object) =>
    renderInTestApp(<ConfiguredSignInPage onSignInSuccess={jest.fn()} />, {
      config: {
        app: { title: 'miniplanes', ...app },
        backend: { baseUrl: 'http://localhost:7007' },
      },
      apis: [[githubAuthApiRef, { getBackstageIdentity: jest.fn() } as any]],
    });

  it('offers the guest sign-in by default, as the demo needs', async () => {
    await render({});
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });

  it('offers the providers app.signInProviders names, and only those', async () => {
    await render({ signInProviders: ['github'] });
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(screen.getByText('Sign in using GitHub')).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });
});
