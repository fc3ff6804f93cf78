import { expect, Locator, Page } from '@playwright/test';

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

/**
 * The room on screen between an element and the words either side of it
 * (px): a layout that drops the spaces around a link (a flex container
 * does) leaves none, though the page's text still holds them.
 */
export function spaceAround(element: Locator) {
  return element.evaluate(el => {
    const root = el.parentElement!.closest('span, p, div')!;
    const texts: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode as Text;
      if (text.data.trim() && !el.contains(text)) texts.push(text);
    }
    const rectOf = (text: Text, at: 'first' | 'last') => {
      const index =
        at === 'first'
          ? text.data.length - text.data.trimStart().length
          : text.data.trimEnd().length - 1;
      const range = document.createRange();
      range.setStart(text, index);
      range.setEnd(text, index + 1);
      return range.getBoundingClientRect();
    };
    const follows = (text: Text) =>
      el.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING;
    const before = texts.filter(text => !follows(text)).pop();
    const after = texts.find(text => follows(text));
    const box = el.getBoundingClientRect();
    return {
      before: before ? box.left - rectOf(before, 'last').right : undefined,
      after: after ? rectOf(after, 'first').left - box.right : undefined,
    };
  });
}

/**
 * How far (px) a table runs past what its card shows: the most any element
 * between the table and the card scrolls sideways (0 when it fits).
 */
export function sidewaysOverflow(card: Locator) {
  return card.evaluate(root => {
    let most = 0;
    for (const table of root.querySelectorAll('table')) {
      for (
        let el: HTMLElement | null = table;
        el && el !== root.parentElement;
        el = el.parentElement
      )
        most = Math.max(most, el.scrollWidth - el.clientWidth);
    }
    return most;
  });
}
