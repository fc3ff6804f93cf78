import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requestCard, sidewaysOverflow, signIn } from './portal';

const kubeconfig = resolve(__dirname, '../../../.miniplanes/kubeconfig');
const kubectlCache = mkdtempSync(join(tmpdir(), 'kubectl-e2e-'));

function kubectl(args: string[], input?: string): string {
  return execFileSync(
    'kubectl',
    ['--kubeconfig', kubeconfig, `--cache-dir=${kubectlCache}`, ...args],
    { encoding: 'utf8', input },
  );
}

test('an owner sees where the airline data lives and why other clusters were rejected', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/storage/placement');
  await expect(page.getByText('The placement policy is met.')).toBeVisible();
  await expect(
    page.getByText('Jurisdiction US', { exact: true }),
  ).toBeVisible();
  const notChosen = page.locator('text=Not chosen (3)');
  await expect(notChosen).toBeVisible();
  // The card groups them by cause; the table keeps each cluster's own words.
  await expect(
    page.getByText('3 clusters: ap-gpu, eu-spot, eu-west').first(),
  ).toBeVisible();

  // From its pending requests to every request of this service.
  await page
    .getByRole('link', { name: /All requests for this service/ })
    .click();
  await expect(page).toHaveURL(/entityRef=component%3Adefault%2Fstorage/);
  await expect(
    requestCard(page, 'Serve European travellers by moving the airline data'),
  ).toBeVisible();
  await expect(requestCard(page, 'UI 1.5.0 with the new seat map')).toHaveCount(
    0,
  );
  await expect(
    page.getByText('jurisdiction IE not in residency [US]').first(),
  ).toBeVisible();
  await expect(
    page
      .getByText(
        'airline-data data may only be stored in [US], not in jurisdiction IE',
      )
      .first(),
  ).toBeVisible();
});

test('the table of every cluster gives the reasons its widest column and fits a laptop screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, '/catalog/default/component/storage/placement');
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Every cluster, and why' });
  await expect(card.getByRole('row')).toHaveCount(6);
  const widths = new Map<string, number>();
  for (const header of await card.getByRole('columnheader').all()) {
    widths.set(
      (await header.innerText()).replace(/\s+/g, ' '),
      (await header.boundingBox())!.width,
    );
  }
  const why = widths.get('Why')!;
  for (const [title, width] of widths) {
    if (title !== 'Why') expect(width, title).toBeLessThan(why);
  }
  // No sideways scrolling at this width.
  expect(await sidewaysOverflow(card)).toBeLessThanOrEqual(0);
  // A region stays whole, never broken at its hyphen.
  const region = card.getByRole('cell', { name: 'europe-west3' });
  const lines = await region.evaluate(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return range.getClientRects().length;
  });
  expect(lines).toBe(1);
});

test('a platform engineer sees the whole fleet and what runs where', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, '/miniplanes/fleet');
  await expect(page.getByText('5 clusters')).toBeVisible();
  // What runs where, and the profile, fit a laptop's screen: no column
  // hides past the table's edge.
  expect(
    await sidewaysOverflow(page.getByRole('region', { name: 'Clusters' })),
  ).toBeLessThanOrEqual(0);
  const clusters = page.getByRole('table').first();
  const gpuRow = clusters.getByRole('row', { name: /ap-gpu/ });
  await expect(gpuRow).toContainText('8 GPU');
  await expect(gpuRow).toContainText('fare-model');
  await expect(gpuRow).toContainText('from fleet file');
  await expect(clusters.getByRole('row', { name: /eu-spot/ })).toContainText(
    'spot=true:NoSchedule',
  );
  // The data rules every request is checked against, from the fleet file.
  await expect(
    page.getByRole('list', { name: 'Governance policies' }),
  ).toContainText('airline-data data only in US');
  await expect(
    page.getByRole('list', { name: 'Backup locations' }),
  ).toContainText('eu-backups in IE: aws bucket miniplanes-airline-backups-eu');
  // Where each jurisdiction came from, since the fleet first saw it.
  await expect(page.getByText('Jurisdiction changes')).toBeVisible();
  const changes = page.getByRole('table').filter({ hasText: 'Set by' });
  await expect(changes.getByRole('row', { name: /ap-gpu/ })).toContainText(
    '(none: first seen)',
  );
});

/** Each column header of the page's tables, with the words a line break splits. */
async function splitHeaderWords(page: import('@playwright/test').Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('th')]
      .filter(th => (th.textContent ?? '').trim())
      .map(th => {
        const split: string[] = [];
        const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const word of text.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index!);
            range.setEnd(node, word.index! + word[0].length);
            // A word on two lines has a box on each.
            const tops = new Set(
              [...range.getClientRects()].map(rect => Math.round(rect.top)),
            );
            if (tops.size > 1) split.push(word[0]);
          }
        }
        return `${th.textContent!.trim()}: ${split.join(' ') || 'whole'}`;
      }),
  );
}

test('tables at 1440 px break a long header between its words, never inside one', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, '/catalog/default/component/storage/placement');
  await expect(page.getByText('Every cluster, and why')).toBeVisible();
  const placementHeaders = await splitHeaderWords(page);
  expect(placementHeaders).toContain('Compute replicas: whole');
  for (const header of placementHeaders) expect(header).toMatch(/: whole$/);

  await page.goto('/miniplanes/fleet');
  await expect(page.getByText('5 clusters')).toBeVisible();
  const fleetHeaders = await splitHeaderWords(page);
  expect(fleetHeaders).toContain('Capabilities and taints: whole');
  for (const header of fleetHeaders) expect(header).toMatch(/: whole$/);
});

test('an auditor prints where the airline data has lived, and by whose approval', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/storage/placement');
  await page.getByRole('button', { name: 'Evidence for auditors' }).click();
  await expect(page).toHaveURL(
    /\/miniplanes\/evidence\?entity=component%3Adefault%2Fstorage/,
  );
  const versions = page.getByRole('table', { name: 'Approved versions' });
  await expect(versions).toContainText('seed');
  for (const cluster of ['us-east', 'us-pet']) {
    await expect(
      page.getByRole('table', { name: `Data in ${cluster}` }),
    ).toContainText(
      'jurisdiction US is within residency [US] and airline-data governance [US]',
    );
  }
  await expect(
    page.getByRole('table', { name: 'Data held now' }),
  ).toContainText('StatefulSet miniplanes/mongodb');

  // For the README (docs/screenshots/evidence.png).
  await page.screenshot({
    path: test.info().outputPath('evidence.png'),
    fullPage: true,
  });

  // On paper: the evidence without the portal's sidebar or buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation')).toBeHidden();
  await expect(
    page.getByRole('button', { name: 'Print or save as PDF' }),
  ).toBeHidden();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
});

test('an owner sees the last backup of the airline data on the Placement tab', async ({
  page,
}) => {
  // Velero in us-east runs the nightly schedule miniplanes applied now, as
  // `velero backup create --from-schedule storage-nightly` does: a Backup
  // with the schedule's template, labelled with its name.
  const scheduleTemplate = () =>
    kubectl([
      '--context',
      'us-east',
      'get',
      'schedules.velero.io',
      'storage-nightly',
      '-n',
      'velero',
      '-o',
      'jsonpath={.spec.template}',
      '--ignore-not-found',
    ]);
  await expect.poll(scheduleTemplate, { timeout: 60_000 }).not.toBe('');
  const spec = JSON.parse(scheduleTemplate());
  kubectl(
    ['--context', 'us-east', 'create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: {
        name: 'storage-nightly-e2e',
        namespace: 'velero',
        labels: { 'velero.io/schedule-name': 'storage-nightly' },
      },
      spec,
    }),
  );

  await signIn(page, '/catalog/default/component/storage/placement');
  const operations = page.getByRole('table', { name: 'Data operations' });
  const row = (cluster: string) =>
    operations.getByRole('row').filter({ hasText: cluster });
  // The sync reads Velero's record back within a few passes.
  await expect(row('us-east')).toContainText('Completed', { timeout: 60_000 });
  await expect(row('us-east')).toContainText('us-backups (US)');
  await expect(row('us-east')).toContainText('replica');
  // The pet cluster holds the ledger's primary and was never backed up.
  await expect(row('us-pet')).toContainText('stale: never backed up');
  await expect(row('us-pet')).toContainText('primary');
  // For the README (docs/screenshots/data-operations.png).
  await operations.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: test.info().outputPath('data-operations.png'),
  });
});

test('an owner sees how Japan and Ireland reach the airline bookings data, as the clusters route it', async ({
  page,
}) => {
  const json = (context: string, args: string[]) => {
    const out = kubectl([
      '--context',
      context,
      'get',
      ...args,
      '-o',
      'json',
      '--ignore-not-found',
    ]);
    return out ? JSON.parse(out) : undefined;
  };
  // The gateway default: us-east exposes the data through a LoadBalancer,
  // and ap-gpu's EndpointSlice routes the database's name to its address.
  const gatewayAddresses = () =>
    (
      json('us-east', ['service', 'bookings-db-gateway', '-n', 'miniplanes'])
        ?.status?.loadBalancer?.ingress ?? []
    ).map((i: { ip: string }) => i.ip);
  await expect.poll(gatewayAddresses, { timeout: 60_000 }).not.toEqual([]);
  const [usEastAddress] = gatewayAddresses();
  const routed = () =>
    (
      json('ap-gpu', [
        'endpointslices.discovery.k8s.io',
        'bookings-db-miniplanes',
        '-n',
        'miniplanes',
      ])?.endpoints ?? []
    ).flatMap((e: { addresses: string[] }) => e.addresses);
  await expect.poll(routed, { timeout: 60_000 }).toContain(usEastAddress);
  // The Istio mesh: eu-west reaches us-east through its east-west gateway.
  const entry = () =>
    json('eu-west', [
      'workloadentries.networking.istio.io',
      'bookings-db-us-east',
      '-n',
      'miniplanes',
    ])?.spec?.address;
  await expect.poll(entry, { timeout: 60_000 }).toBe('203.0.113.10');

  await signIn(page, '/catalog/default/component/bookings/placement');
  const access = page.getByRole('table', { name: 'Service access' });
  const row = (from: string, to: string) =>
    access
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: from, exact: true }) })
      .filter({ has: page.getByRole('cell', { name: to, exact: true }) });
  await expect(row('ap-gpu', 'us-east')).toContainText(
    'gateway (LoadBalancer)',
  );
  await expect(row('ap-gpu', 'us-east')).toContainText(usEastAddress, {
    timeout: 60_000,
  });
  await expect(row('ap-gpu', 'us-east')).toContainText('in sync');
  await expect(row('eu-west', 'us-east')).toContainText('Istio mesh');
  await expect(row('eu-west', 'us-east')).toContainText('203.0.113.10');
  await expect(row('eu-west', 'us-east')).toContainText('in sync');
  await expect(page.getByText('Trust (SPIFFE federation)')).toBeVisible();
  // Japan pushes its series through an agent: only aggregates leave.
  await expect(
    page.getByText(
      'ap-gpu pushes aggregates only to https://prometheus.us-east.example/api/v1/write (PrometheusAgent):',
    ),
  ).toContainText('in sync', { timeout: 60_000 });
});
