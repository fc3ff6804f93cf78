import { expect, Page } from '@playwright/test';

/** Opens a page of the portal as the demo's guest (airline-team and platform-team). */
export async function signIn(page: Page, path: string) {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
}

/**
 * Opens a page of the portal as one of the demo's personas (demo.personas in
 * app-config.yaml), by the name its sign-in card shows.
 */
export async function signInAs(page: Page, path: string, persona: string) {
  await page.goto(path);
  const choose = page.getByRole('button', { name: `Sign in as ${persona}` });
  await expect(choose).toBeVisible();
  await choose.click();
}

/** The innermost element holding both a request's header and its reason: its card. */
export const requestCard = (page: Page, reason: string) =>
  page
    .locator('div')
    .filter({ hasText: reason })
    .filter({ hasText: 'requested by' })
    .last();
