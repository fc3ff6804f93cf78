import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/chromiumLaunchOptions.mjs';

/**
 * End-to-end journeys in Debian's Chromium (no downloaded browser), against
 * the portal started as `npm start` does, on a throwaway in-memory database
 * (app-config.e2e.yaml).
 */
export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  globalSetup: require.resolve('./packages/app/e2e-tests/waitForBackend'),
  webServer: {
    command:
      'node scripts/start.mjs --config app-config.yaml --config app-config.e2e.yaml',
    url: 'http://localhost:3000',
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: 'http://localhost:3000',
    actionTimeout: 20_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: [{ name: 'portal', testDir: 'packages/app/e2e-tests' }],
});
