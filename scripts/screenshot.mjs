#!/usr/bin/env node
// Screenshots of the running portal in Debian's Chromium (no downloaded
// browser), signed in as the guest user.
//
// Usage: node scripts/toolchain.mjs -- node scripts/screenshot.mjs <path> <out.png> [<path> <out.png>...]
// e.g.   ... node scripts/screenshot.mjs /catalog docs/screenshots/catalog.png
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = process.env.PORTAL_URL ?? 'http://localhost:3000';

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
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

async function main(pairs) {
  if (pairs.length === 0 || pairs.length % 2 !== 0) {
    throw new Error(
      'usage: screenshot.mjs <path> <out.png> [<path> <out.png>...]',
    );
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    for (let i = 0; i < pairs.length; i += 2) {
      const [path, out] = [pairs[i], pairs[i + 1]];
      await openSignedIn(page, new URL(path, baseUrl).toString());
      mkdirSync(dirname(out), { recursive: true });
      await page.screenshot({ path: out, fullPage: true });
      process.stdout.write(`${out}\n`);
    }
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).catch(error => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
