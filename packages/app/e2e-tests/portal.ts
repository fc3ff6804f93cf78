import { expect, Page } from '@playwright/test';

/** Opens a page of the portal as the demo's guest (airline-team and platform-team). */
export async function signIn(page: Page, path: string) {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
}

/** The innermost element holding both a request's header and its reason: its card. */
export const requestCard = (page: Page, reason: string) =>
  page
    .locator('div')
    .filter({ hasText: reason })
    .filter({ hasText: 'requested by' })
    .last();
