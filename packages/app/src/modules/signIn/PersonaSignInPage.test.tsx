import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ConfiguredSignInPage } from './ConfiguredSignInPage';

const PERSONAS = [
  { user: 'mo', title: 'Mo', team: 'airline-team', role: 'Service owner' },
  { user: 'pat', title: 'Pat', team: 'platform-team', role: 'Approver' },
];

/** The session the personas provider answers, for whoever the header names. */
function session(user: string) {
  const payload = btoa(JSON.stringify({ exp: Date.now() / 1000 + 3600 }));
  return {
    profile: { displayName: user },
    backstageIdentity: {
      token: `h.${payload}.s`,
      identity: {
        type: 'user',
        userEntityRef: `user:default/${user}`,
        ownershipEntityRefs: [`user:default/${user}`],
      },
    },
  };
}

describe('the demo sign-in page', () => {
  let fetchMock: jest.SpyInstance;
  beforeEach(() => {
    window.localStorage.clear();
    fetchMock = jest
      .spyOn(global, 'fetch')
      .mockImplementation(
        async (_url, init) =>
          new Response(
            JSON.stringify(
              session(
                new Headers(init?.headers).get('x-miniplanes-persona') ??
                  'guest',
              ),
            ),
            { headers: { 'Content-Type': 'application/json' } },
          ),
      );
  });
  afterEach(() => fetchMock.mockRestore());

  const render = (onSignInSuccess = jest.fn()) =>
    renderInTestApp(
      <ConfiguredSignInPage onSignInSuccess={onSignInSuccess} />,
      {
        config: {
          app: { title: 'miniplanes', signInProviders: ['personas', 'guest'] },
          backend: { baseUrl: 'http://localhost:7007' },
          demo: { personas: PERSONAS },
        },
      },
    );

  it('offers each persona with their team and role, and the guest', async () => {
    await render();
    expect(
      await screen.findByRole('button', { name: 'Sign in as Mo' }),
    ).toBeInTheDocument();
    expect(screen.getByText('platform-team')).toBeInTheDocument();
    expect(screen.getByText('Approver')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });

  it('signs in as the persona chosen, remembers it until sign-out', async () => {
    const onSignInSuccess = jest.fn();
    const first = await render(onSignInSuccess);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in as Pat' }),
    );
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(fetchMock).toHaveBeenCalledWith(
      expect.stringMatching(/\/personas\/refresh$/),
      expect.anything(),
    );
    const identity = onSignInSuccess.mock.calls[0][0];
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/pat',
    );

    // A reload signs Pat in again without asking.
    first.unmount();
    const again = jest.fn();
    const second = await render(again);
    await waitFor(() => expect(again).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Sign in as Mo' })).toBeNull();

    // After signing out, everyone is offered again.
    second.unmount();
    await identity.signOut();
    await render();
    expect(
      await screen.findByRole('button', { name: 'Sign in as Mo' }),
    ).toBeInTheDocument();
  });
});
