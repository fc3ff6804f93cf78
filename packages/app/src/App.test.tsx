import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  const env = process.env;
  // The app reads its config from the environment; other test files share it.
  afterEach(() => {
    process.env = env;
  });

  // The whole app loads: slow on a busy machine.
  it('starts, and offers to sign in', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    // The app's extensions load lazily; the sign-in page is the first it shows.
    expect(
      await screen.findByText(/Enter as a Guest User/, {}, { timeout: 20000 }),
    ).toBeInTheDocument();
  }, 30000);
});
