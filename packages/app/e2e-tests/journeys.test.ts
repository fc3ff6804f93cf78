import { test, expect } from '@playwright/test';
import { requestCard, signIn, spaceAround } from './portal';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The demo's main journeys, in order: an owner files a change with a live
 * preview and cannot approve it; a platform engineer approves the data team's
 * request and the sync makes it real in the simulated clusters; a request that
 * would move airline data out of its jurisdiction is blocked for everyone.
 * The demo's guest is both an owner (airline-team) and an approver (platform-team).
 */
test.describe.configure({ mode: 'serial' });

const kubeconfig = resolve(__dirname, '../../../.miniplanes/kubeconfig');
const kubectlCache = mkdtempSync(join(tmpdir(), 'kubectl-e2e-'));

function kubectl(...args: string[]): string {
  return execFileSync(
    'kubectl',
    ['--kubeconfig', kubeconfig, `--cache-dir=${kubectlCache}`, ...args],
    { encoding: 'utf8' },
  );
}

test('an owner files a placement change with a live preview, cannot approve it, and may withdraw it', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/itineraries/placement');
  await page.getByRole('button', { name: /Request change/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Replicas total').fill('5');
  // The preview shows the new split and what changes against the current decision.
  await expect(dialog.getByText(/compute \d+ → \d+/).first()).toBeVisible();
  await dialog
    .getByLabel(/Reason/)
    .fill('More itinerary servers for the holidays');
  await dialog.getByRole('button', { name: 'Submit request' }).click();
  await expect(dialog.getByText(/pending/)).toBeVisible();

  await page.goto('/miniplanes/requests');
  const card = requestCard(page, 'More itinerary servers for the holidays');
  await expect(card).toContainText('— pending');
  await expect(
    card.locator('a[href$="/catalog/default/component/itineraries"]'),
  ).toBeVisible();
  await expect(card).toContainText(
    'you filed this request; another approver must decide it',
  );
  await expect(card.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // The owner may take it back while nobody has decided it.
  await card.getByLabel('Comment').fill('The holiday schedule is cancelled');
  await card.getByRole('button', { name: 'Withdraw' }).click();
  await expect(card).toHaveCount(0);
  await page.getByRole('button', { name: /^Status/ }).click();
  await page.getByRole('option', { name: 'withdrawn' }).click();
  await expect(
    requestCard(page, 'More itinerary servers for the holidays'),
  ).toContainText('— withdrawn');
});

test('a platform engineer approves the data team request and the sync applies it', async ({
  page,
  context,
}) => {
  await signIn(page, '/miniplanes/requests');
  // The owner's Placement tab, open meanwhile in another tab: it follows
  // the approval and the sync live (Backstage signals), never reloaded.
  const live = await context.newPage();
  await live.goto('/catalog/default/component/storage/placement');
  await expect(live.getByText('Where in the world')).toBeVisible();
  await expect(live.getByText(/request approved/)).toHaveCount(0);

  const card = requestCard(page, 'Booking peak for the winter schedule');
  await expect(card).toContainText('requested by Ada (data-team)');
  // On screen too: "requested by Ada (data-team) on …", not "byAda".
  const around = await spaceAround(
    card.getByRole('link', { name: 'Ada (data-team)' }),
  );
  expect(around.before).toBeGreaterThan(2);
  expect(around.after).toBeGreaterThan(2);
  await card.getByLabel('Comment').fill('Approved for the winter peak');
  await card.getByRole('button', { name: 'Approve' }).click();
  // Decided, it leaves the pending queue.
  await expect(card).toHaveCount(0);

  // The simulated US clusters hold the six storage replicas miniplanes applied.
  await expect
    .poll(
      () =>
        ['us-east', 'us-pet']
          .map(cluster =>
            Number(
              kubectl(
                '--context',
                cluster,
                'get',
                'deployment',
                'storage',
                '-n',
                'miniplanes',
                '-o',
                'jsonpath={.spec.replicas}',
                '--ignore-not-found',
              ) || 0,
            ),
          )
          .reduce((a, b) => a + b, 0),
      { timeout: 60_000 },
    )
    .toBe(6);

  await expect(
    live.getByText(/request approved: Approved for the winter peak/),
  ).toBeVisible();
  await expect(live.getByText(/spec version 2 from request/)).toBeVisible();

  // The request follows to applied once every target cluster took it.
  await page.getByRole('button', { name: /^Status/ }).click();
  await page.getByRole('option', { name: 'applied' }).click();
  const applied = requestCard(page, 'Booking peak for the winter schedule');
  await expect(applied).toContainText('— applied', { timeout: 60_000 });
  await expect(
    applied.locator('a[href$="/catalog/default/component/storage"]'),
  ).toBeVisible();

  // What operators scrape (packages/backend/src/instrumentation.js): the
  // storage Deployments written again in both US clusters, the request
  // moved to applied, and the clusters' health.
  const metrics = await (await fetch('http://127.0.0.1:9464/metrics')).text();
  for (const cluster of ['us-east', 'us-pet']) {
    expect(metrics).toMatch(
      new RegExp(
        `^miniplanes_sync_object_writes_total\\{cluster="${cluster}",action="applied",reason="changed"[^}]*\\} [1-9]`,
        'm',
      ),
    );
  }
  expect(metrics).toMatch(
    /^miniplanes_requests_moves_total\{status="applied"[^}]*\} [1-9]/m,
  );
  expect(metrics).toMatch(
    /^miniplanes_requests_approval_to_outcome_duration_count\{status="applied"[^}]*\} [1-9]/m,
  );
  expect(metrics).toMatch(
    /^miniplanes_fleet_cluster_health\{cluster="us-east",status="Healthy"[^}]*\} 1$/m,
  );
});

test('a request that would move airline data out of the US is blocked for everyone', async ({
  page,
}) => {
  await signIn(page, '/miniplanes/requests');
  const card = requestCard(page, 'Serve European travellers');
  await expect(card).toContainText('it fails its policy checks');
  await expect(card).toContainText(
    'data cannot be placed within its allowed jurisdictions',
  );
  await expect(card.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  expect(
    kubectl('--context', 'eu-west', 'get', 'statefulsets', '-A', '-o', 'name'),
  ).not.toContain('mongodb');
});

test('an approver lets a staged UI release through its canary and its gate', async ({
  page,
}) => {
  // A canary that soaks, a gate, then three clusters one at a time.
  test.setTimeout(240_000);
  const image = (cluster: string) =>
    kubectl(
      '--context',
      cluster,
      'get',
      'deployment',
      'ui',
      '-n',
      'miniplanes',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    );
  await signIn(page, '/miniplanes/requests');
  const card = requestCard(page, 'UI 1.5.0 with the new seat map');
  await expect(card).toContainText('requested by Mo (airline-team)');
  // The approver sees the image the request changes, not only where it runs.
  const specChanges = card.getByLabel('Spec changes');
  await expect(specChanges).toContainText(
    '"ghcr.io/miniplanes/ui:1.4.2" → "ghcr.io/miniplanes/ui:1.5.0"',
  );
  // And the rollout it adds, whole, unfolded under its line.
  await specChanges.getByText('the whole value').click();
  await expect(specChanges.locator('pre')).toContainText('onFailure: Rollback');
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(card).toHaveCount(0);

  await page.goto('/catalog/default/component/ui/placement');
  const rollout = page
    .locator('div')
    .filter({ has: page.getByText('Staged rollout', { exact: true }) })
    .filter({ has: page.getByRole('list', { name: 'Rollout stages' }) })
    .last();
  await expect(rollout).toBeVisible({ timeout: 60_000 });
  // The canary in Europe first; the rest keep the last good version.
  await expect
    .poll(() => image('eu-west'), { timeout: 60_000 })
    .toBe('ghcr.io/miniplanes/ui:1.5.0');
  expect(image('us-east')).toBe('ghcr.io/miniplanes/ui:1.4.2');

  // Healthy there long enough, it waits at the gate for an approver.
  const open = rollout.getByRole('button', { name: 'Open stage rest' });
  await expect(open).toBeVisible({ timeout: 60_000 });
  await expect(rollout).toContainText(
    'Waiting for an approver to open the next stage',
  );
  // For the README (docs/screenshots/rollout.png).
  await page.screenshot({ path: test.info().outputPath('rollout.png') });
  await open.click();
  await expect(rollout).toContainText('Rolled out everywhere', {
    timeout: 60_000,
  });
  for (const cluster of ['ap-gpu', 'us-east', 'us-pet'])
    expect(image(cluster)).toBe('ghcr.io/miniplanes/ui:1.5.0');
  await expect(rollout).toContainText('gate opened by guest');
});
