import { screen } from '@testing-library/react';

/** Where every link of the page named `name` goes, in page order. */
export function linkTargets(name: string): (string | null)[] {
  return screen
    .getAllByRole('link', { name })
    .map(link => link.getAttribute('href'));
}
