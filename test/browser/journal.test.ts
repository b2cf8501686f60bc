import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { Journal, launchChromium } from './helpers/browser.ts';

// The browser tests' accessibility check, on a page with known faults: it must catch them (an
// axe-core run that silently checked nothing would pass every page).

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

test('axe-core on a visited page reports serious and critical violations, in both schemes', async () => {
  const journal = new Journal('journal-self-check');
  const context = await journal.newContext(browser);
  const page = await context.newPage();
  // An unnamed button (critical), light grey on white (serious), no lang and no title (serious).
  await page.setContent(
    '<main><h1>Check</h1><button></button><p style="color:#ddd">faint</p></main>',
  );
  await journal.visit(page, 'faulty page', { dark: true });
  const ids = journal.found.map((problem) => /\): ([\w-]+) \[/.exec(problem)?.[1]);
  expect(new Set(ids)).toEqual(
    new Set(['button-name', 'color-contrast', 'html-has-lang', 'document-title']),
  );
  expect(journal.found.filter((problem) => problem.includes('(dark)'))).toHaveLength(4);
  await context.close();
});
