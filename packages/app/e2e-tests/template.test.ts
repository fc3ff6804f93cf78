import { test, expect } from '@playwright/test';
import { requestCard, signIn } from './portal';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A template author's journey: the guest (airline-team) creates a federated
 * service with the demo's "Federated service" template, offline: the
 * repository goes to the backend's directory (publish:local), the catalog
 * registers it, and its first placement request waits for an approver.
 */

// A fresh name each run, so a reused dev server never meets it twice.
const name = `fare-alerts-${Date.now().toString(36)}`;
const repositories = resolve(
  __dirname,
  '../../../.miniplanes/e2e-repositories',
);

test.afterAll(() => {
  rmSync(resolve(repositories, name), { recursive: true, force: true });
});

test('a template creates a federated service and files its first placement request', async ({
  page,
}) => {
  await signIn(page, '/create');
  await page
    .locator('article, div')
    .filter({ hasText: 'Federated service' })
    .getByRole('button', { name: 'Choose' })
    .first()
    .click();

  // Service
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Description').fill('Tells travellers when fares drop');
  await page.getByLabel('Owner').fill('airline');
  await page.getByRole('option', { name: 'airline-team', exact: true }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Workload: the defaults (standard, 3 replicas)
  await page.getByRole('button', { name: 'Next' }).click();

  // Data: the classifications come from the fleet's governance
  await page.getByLabel('Data classification').click();
  await page.getByRole('option', { name: /^unregulated/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Repository: the backend's directory, as the offline demo has no Git host
  await page.getByLabel('Where the code goes').click();
  await page
    .getByRole('option', { name: /backend's directory|offline demo/ })
    .click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task runs every step and links to the request.
  const requestLink = page.getByRole('link', {
    name: 'Placement request',
    exact: true,
  });
  await expect(requestLink).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/is \*?\*?pending/)).toBeVisible();
  await requestLink.click();

  await expect(page).toHaveURL(/\/miniplanes\/requests\?request=/);
  const card = requestCard(
    page,
    `New standard service ${name}, created from the Federated service template`,
  );
  await expect(card).toContainText('— pending');
  await expect(
    card.locator(`a[href$="/catalog/default/component/${name}"]`),
  ).toBeVisible();
  // The guest approves for the platform team, but never their own request.
  await expect(card).toContainText(
    'you filed this request; another approver must decide it',
  );

  // The entity is in the catalog, owned by the team chosen in the form.
  await page.goto(`/catalog/default/component/${name}`);
  await expect(page.getByText('airline-team').first()).toBeVisible();
});
