import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { demoAgent, withRealServer } from './helpers/airisk.ts';
import { postAskAgent, signedInAsker } from './helpers/api-token.ts';
import { Journal } from './helpers/browser.ts';
import { CONSOLE_PASSWORD, signedInPage } from './helpers/console.ts';
import { TEXTS } from '../helpers/scanners.ts';

// The Compliance pages in Debian's chromium, against the real server: a person asks a demo agent
// one question, then sends a GitHub token in the same conversation (the secrets scanner blocks it,
// 422); a person with only the Compliance role searches by the finding type, finds the blocked
// prompt redacted, exports the search as CSV and opens the conversation's whole record.

const FLOW_TIMEOUT_MS = 120_000;
const OFFICER = {
  name: 'Cam Compliance',
  email: 'cam@example.com',
  password: CONSOLE_PASSWORD,
  roles: ['Compliance' as const],
};
// What the secrets scanner records for a GitHub token.
const FINDING_TYPE = 'apiKey';

const real = withRealServer();

describe('the Compliance pages in a real browser', () => {
  test(
    'a compliance officer finds a blocked prompt, exports it as CSV and opens its conversation',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('compliance');
      const agent = await demoAgent(real.airisk, 'Helpdesk');
      const asker = await signedInAsker(real, journal, agent.id, {
        name: 'Cy Careless',
        email: 'cy@example.com',
      });
      const { token } = asker;
      const answered = await postAskAgent(real.airisk, token, {
        agentId: agent.id,
        question: 'How do quarterly forecasts work?',
      });
      expect(answered.status).toBe(200);
      const { conversationId } = (await answered.json()) as { conversationId: string };
      const blocked = await postAskAgent(real.airisk, token, {
        agentId: agent.id,
        conversationId,
        question: `Deploy with ${TEXTS.githubToken} please`,
      });
      await blocked.body?.cancel();
      expect(blocked.status).toBe(422);
      await asker.page.context().close();

      const { page } = await signedInPage(real.browser, real.airisk, journal, '/admin', OFFICER);
      await page.getByRole('link', { name: 'Compliance', exact: true }).click();
      await page.getByRole('heading', { name: 'Compliance', level: 1 }).waitFor();
      const results = page.getByRole('list', { name: 'Results, newest first' });
      // The question, its answer and the blocked attempt, newest first.
      await expect.poll(() => results.getByRole('listitem').count()).toBe(3);
      await journal.visit(page, 'compliance, every event');

      await page.getByLabel('Finding type').fill(FINDING_TYPE);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(() => results.getByRole('listitem').count()).toBe(1);
      const hit = results.getByRole('listitem').first();
      await hit.getByText('Blocked', { exact: true }).waitFor();
      await hit.getByText(FINDING_TYPE, { exact: true }).waitFor();
      const snippet = (await hit.locator('.snippet').textContent()) ?? '';
      expect(snippet).toContain('Deploy with');
      expect(snippet).not.toContain(TEXTS.githubToken);
      await journal.visit(page, 'compliance, the blocked prompt', { dark: true });

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('airisk-compliance-search.csv');
      const lines = readFileSync(await file.path(), 'utf8')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]?.split(',').slice(0, 3)).toEqual(['id', 'at', 'kind']);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(',blocked,');
      expect(lines[1]).toContain('cy@example.com');
      expect(lines[1]).toContain(FINDING_TYPE);
      expect(lines[1]).not.toContain(TEXTS.githubToken);
      await page.getByText('Your browser saved airisk-compliance-search.csv.').waitFor();

      // Saved by name, loaded back after another search, deleted.
      await page.getByLabel('Name of this search').fill('Leaked keys');
      await page.getByRole('button', { name: 'Save search' }).click();
      const saved = page.getByRole('region', { name: 'Saved searches' });
      await saved.getByRole('button', { name: 'Leaked keys', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Clear search' }).click();
      await page.getByLabel('Words').fill('forecasts');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      // The question and the answer that quotes it, the match marked in each.
      await expect.poll(() => results.getByRole('listitem').count()).toBe(2);
      expect(await results.locator('mark').allTextContents()).toEqual(['forecasts', 'forecasts']);
      await journal.visit(page, 'compliance, words highlighted');
      await saved.getByRole('button', { name: 'Leaked keys', exact: true }).click();
      await expect.poll(() => page.getByLabel('Finding type').inputValue()).toBe(FINDING_TYPE);
      await expect.poll(() => results.getByRole('listitem').count()).toBe(1);
      await saved.getByRole('button', { name: 'Delete Leaked keys' }).click();
      await saved
        .getByRole('button', { name: 'Leaked keys', exact: true })
        .waitFor({ state: 'detached' });

      await hit.getByRole('link', { name: /Open the conversation/ }).click();
      const events = page.getByRole('list', { name: 'Events, in order' });
      await expect.poll(() => events.getByRole('listitem').count()).toBe(3);
      const kinds = await events.locator('.badge:first-child').allTextContents();
      expect(kinds).toEqual(['Question', 'Answer', 'Blocked']);
      await events.getByText('How do quarterly forecasts work?', { exact: true }).waitFor();
      await journal.visit(page, 'compliance, the conversation');

      await page.context().close();
      journal.expectNoProblems();
    },
  );
});
