import { test, expect } from '@playwright/test';

test('a newcomer signs in as guest and finds the airline app in the catalog', async ({
  page,
}) => {
  await page.goto('/');

  const enterButton = page.getByRole('button', { name: 'Enter' });
  await expect(enterButton).toBeVisible();
  await enterButton.click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // The guest belongs to airline-team, which owns the UI, the itineraries
  // server and the price watcher.
  await expect(
    page.getByRole('heading', { name: 'Owned Components (3)', level: 2 }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Price watcher' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Itineraries server' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'miniplanes UI' })).toBeVisible();

  await page.getByRole('menuitem', { name: /^All/ }).click();
  await expect(page.getByRole('link', { name: 'Storage API' })).toBeVisible();
});
