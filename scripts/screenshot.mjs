#!/usr/bin/env node
// Screenshots of the running portal in Debian's Chromium (no downloaded
// browser), signed in as the guest user.
//
// Usage: node scripts/toolchain.mjs -- node scripts/screenshot.mjs <path> <out.png> [<path> <out.png>...]
// e.g.   ... node scripts/screenshot.mjs /catalog docs/screenshots/catalog.png
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { baseUrl, launchChromium, openSignedIn } from './chromium.mjs';

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
