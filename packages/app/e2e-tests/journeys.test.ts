import { test, expect } from '@playwright/test';
import { requestCard, signIn } from './portal';
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

test('an owner files a placement change with a live preview, and cannot approve it', async ({
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
  await expect(card).toContainText('component:default/itineraries — pending');
  await expect(card).toContainText(
    'you filed this request; another approver must decide it',
  );
  await expect(card.getByRole('button', { name: 'Approve' })).toHaveCount(0);
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
  await expect(card).toContainText('requested by user:default/ada');
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
  await expect(
    requestCard(page, 'Booking peak for the winter schedule'),
  ).toContainText('component:default/storage — applied', { timeout: 60_000 });
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
