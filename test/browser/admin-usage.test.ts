import { describe, test } from 'vitest';
import { withRealServer } from './helpers/airisk.ts';
import { Journal, PHONE } from './helpers/browser.ts';
import { signedInPage } from './helpers/console.ts';

// Admin › Usage & budgets in Debian's chromium against the real server: a model price set, a
// monthly cost budget on a user created and shown with its standing, the page at phone width.

const FLOW_TIMEOUT_MS = 120_000;

const real = withRealServer();

describe('Admin › Usage & budgets in a real browser', () => {
  test('a price, then a budget with its standing', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const journal = new Journal('admin-usage');
    const { page } = await signedInPage(real.browser, real.airisk, journal, '/admin/usage');
    await page.getByRole('heading', { name: 'Usage & budgets', level: 1 }).waitFor();
    await page.getByText('No prices yet').waitFor();

    const prices = page.getByRole('region', { name: 'Model prices' });
    await prices.getByLabel('Engine').selectOption('openai');
    await prices.getByLabel('Model').fill('gpt-4o-mini');
    await prices.getByLabel('Input, $ per 1M tokens').fill('0.15');
    await prices.getByLabel('Output, $ per 1M tokens').fill('0.6');
    await prices.getByRole('button', { name: 'Save price' }).click();
    await prices.getByRole('row', { name: /gpt-4o-mini/ }).waitFor();

    const me = await page.evaluate(async () => {
      const response = await fetch('/api/Account/Session', { credentials: 'include' });
      return ((await response.json()) as { user: { id: string } }).user.id;
    });
    const budgets = page.getByRole('region', { name: 'Budgets' });
    await budgets.getByLabel('User id').fill(me);
    await budgets.getByLabel('Limit, US dollars').fill('25');
    await budgets.getByRole('button', { name: 'Create budget' }).click();
    await budgets.getByText('$0.00 / $25.00').waitFor();
    await journal.visit(page, 'usage and budgets');

    await page.setViewportSize(PHONE);
    await journal.visit(page, 'usage and budgets on a phone');
    journal.expectNoProblems();
  });
});
