// Debian's Chromium driven by playwright-core (no downloaded browser), and
// the portal's guest sign-in: shared by the screenshot and benchmark scripts.
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromiumLaunchOptions.mjs';

export const baseUrl = process.env.PORTAL_URL ?? 'http://localhost:3000';

export async function launchChromium() {
  return chromium.launch(chromiumLaunchOptions);
}

/** Opens a page, passing the guest sign-in page when it shows. */
export async function openSignedIn(page, url) {
  await page.goto(url);
  const enter = page.getByRole('button', { name: /^enter$/i });
  const signInShown = await enter
    .waitFor({ timeout: 5000 })
    .then(() => true)
    .catch(() => false);
  if (signInShown) await enter.click();
  await page.waitForLoadState('networkidle');
  // Let late data (tables, charts) settle before the picture is taken.
  await page.waitForTimeout(1500);
}
