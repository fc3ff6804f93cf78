#!/usr/bin/env node
// How fast the entity Placement tab renders a decision over many clusters, in
// Debian's Chromium against the running portal (`npm start`). The service's
// real decision is widened to N clusters by copying its cluster entries, so
// the tab renders exactly what the API would send for such a fleet.
//
// Usage: node scripts/toolchain.mjs -- node scripts/bench-placement-tab.mjs [clusters=200] [runs=5]
import { baseUrl, launchChromium, openSignedIn } from './chromium.mjs';

const clusters = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);
const entityPath = '/catalog/default/component/storage/placement';

function widen(service) {
  const original = service.decision.clusters;
  const widened = Array.from({ length: clusters }, (_, i) => {
    const base = original[i % original.length];
    return { ...base, name: `${base.name}-${String(i).padStart(3, '0')}` };
  });
  return { ...service, decision: { ...service.decision, clusters: widened } };
}

async function main() {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.route('**/api/miniplanes/services/**', async route => {
      const response = await route.fetch();
      const body = await response.json();
      await route.fulfill({
        response,
        json: body.decision ? widen(body) : body,
      });
    });
    await openSignedIn(page, new URL(entityPath, baseUrl).toString());
    const last = `-${String(clusters - 1).padStart(3, '0')}`;
    const times = [];
    const renders = [];
    for (let run = 0; run < runs; run++) {
      await page.goto(new URL('/catalog', baseUrl).toString());
      await page.waitForLoadState('networkidle');
      const started = Date.now();
      const served = page
        .waitForResponse(r => r.url().includes('/api/miniplanes/services/'))
        .then(() => Date.now());
      // In-app navigation, as a user clicks the tab: no page reload counted.
      await page.evaluate(path => {
        window.history.pushState({}, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, entityPath);
      await page
        .getByText(last, { exact: false })
        .first()
        .waitFor({ state: 'attached', timeout: 60_000 });
      const done = Date.now();
      times.push(done - started);
      renders.push(done - (await served));
    }
    times.sort((a, b) => a - b);
    renders.sort((a, b) => a - b);
    process.stdout.write(
      `Placement tab with ${clusters} clusters: median ${
        times[Math.floor(times.length / 2)]
      } ms, ` +
        `min ${times[0]} ms, max ${
          times[times.length - 1]
        } ms over ${runs} runs ` +
        '(from the click to every cluster rendered, API round trip included); ' +
        `rendering after the decision arrived: median ${
          renders[Math.floor(renders.length / 2)]
        } ms\n`,
    );
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
