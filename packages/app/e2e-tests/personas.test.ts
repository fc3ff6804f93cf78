import { test, expect, APIRequestContext } from '@playwright/test';
import { requestCard, signInAs } from './portal';

/**
 * The demo's people, each a catalog user with their own groups: Mo
 * (airline-team) files a placement request for a service his team owns and
 * cannot decide it, in the portal or through the API; he signs out, and in
 * the same browser Pat (platform-team) signs in and approves it.
 */
const backend = 'http://localhost:7007';
const reason = 'Two more price watchers for the fare sale';

/** A persona's Backstage token, as the README tells API users to get it. */
async function tokenOf(request: APIRequestContext, user: string) {
  const response = await request.get(`${backend}/api/auth/personas/refresh`, {
    headers: {
      'x-miniplanes-persona': user,
      'X-Requested-With': 'XMLHttpRequest',
    },
  });
  expect(response.status()).toBe(200);
  const { backstageIdentity } = await response.json();
  return backstageIdentity as {
    token: string;
    identity: { userEntityRef: string; ownershipEntityRefs: string[] };
  };
}

test('an owner files a placement request and a platform engineer, not the owner, approves it', async ({
  page,
  request,
}) => {
  await signInAs(
    page,
    '/catalog/default/component/price-watcher/placement',
    'Mo',
  );
  await expect(page.getByText('Where in the world')).toBeVisible();
  // The choice is remembered: a reload stays signed in as Mo.
  await page.reload();
  await page.getByRole('button', { name: /Request change/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Replicas total').fill('10');
  await dialog.getByLabel(/Reason/).fill(reason);
  await dialog.getByRole('button', { name: 'Submit request' }).click();
  await expect(dialog.getByText(/pending/)).toBeVisible();

  await page.goto('/miniplanes/requests');
  const ownCard = requestCard(page, reason);
  await expect(ownCard).toContainText('requested by Mo (airline-team)');
  await expect(ownCard.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // Through the API, Mo's token carries Mo's groups, and deciding is refused.
  const mo = await tokenOf(request, 'mo');
  expect(mo.identity.ownershipEntityRefs).toEqual([
    'user:default/mo',
    'group:default/airline-team',
  ]);
  const listed = await request.get(`${backend}/api/miniplanes/requests`, {
    params: { status: 'pending', entityRef: 'component:default/price-watcher' },
    headers: { Authorization: `Bearer ${mo.token}` },
  });
  expect(listed.status()).toBe(200);
  const [filed] = (await listed.json()).items.filter(
    (r: { reason: string }) => r.reason === reason,
  );
  expect(filed.requestedBy).toBe('user:default/mo');
  const refused = await request.post(
    `${backend}/api/miniplanes/requests/${filed.id}/approve`,
    { headers: { Authorization: `Bearer ${mo.token}` }, data: {} },
  );
  expect(refused.status()).toBe(403);

  // Signing out offers everyone again; Pat, a platform engineer, signs in.
  await page.goto('/settings');
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Sign Out' }).click();
  await signInAs(page, '/miniplanes/requests', 'Pat');
  const card = requestCard(page, reason);
  await expect(card).toContainText('requested by Mo (airline-team)');
  await card.getByLabel('Comment').fill('Fine for the sale');
  await card.getByRole('button', { name: 'Approve' }).click();
  // Decided, it leaves the pending queue.
  await expect(card).toHaveCount(0);

  const decided = await request.get(
    `${backend}/api/miniplanes/requests/${filed.id}`,
    { headers: { Authorization: `Bearer ${mo.token}` } },
  );
  expect((await decided.json()).status).not.toBe('pending');
});
