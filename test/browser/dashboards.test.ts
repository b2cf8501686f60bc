import { describe, expect, test } from 'vitest';
import { demoAgent, withRealServer } from './helpers/airisk.ts';
import { askAgent, signedInAsker } from './helpers/api-token.ts';
import { Journal, PHONE } from './helpers/browser.ts';
import { CONSOLE_MONITOR, signedInPage } from './helpers/console.ts';
import { TEXTS } from '../helpers/scanners.ts';

// The Dashboards pages in Debian's chromium, against the real server: two people ask a demo agent
// questions through the API (a third's questions, from the United States and the United Kingdom, are blocked by the
// secrets scanner), then a person with
// only the Monitor role opens Dashboards, creates the starter dashboard and reads its totals, top
// users, messages-per-day chart (and its data table) and blocked messages by country; edits it
// (adds, moves, removes an element, renames, saves), and deletes it.

const FLOW_TIMEOUT_MS = 120_000;

// The asks come through a "proxy" (this test) that says where each person is.
const real = withRealServer({ AIRISK_TRUSTED_PROXIES: '127.0.0.1' });
const US_ADDRESS = '8.8.8.8';
const GB_ADDRESS = '81.2.69.142';

describe('the Dashboards pages in a real browser', () => {
  test(
    'a monitor creates the starter dashboard and reads every kind of element; edits; deletes',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('dashboards');
      const agent = await demoAgent(real.airisk, 'Helpdesk');
      const askers = [
        { name: 'Ann Asker', email: 'ann@example.com', questions: 3 },
        { name: 'Bo Asker', email: 'bo@example.com', questions: 1 },
      ];
      for (const asker of askers) {
        const { page, token } = await signedInAsker(real, journal, agent.id, asker);
        for (let index = 0; index < asker.questions; index += 1) {
          const question = `Question ${index + 1}?`;
          expect(await askAgent(real.airisk, token, agent.id, question)).toBe(200);
        }
        await page.context().close();
      }
      const blocker = await signedInAsker(real, journal, agent.id, {
        name: 'Cy Careless',
        email: 'cy@example.com',
      });
      for (const from of [US_ADDRESS, US_ADDRESS, GB_ADDRESS]) {
        const question = `Deploy with ${TEXTS.githubToken}`;
        expect(await askAgent(real.airisk, blocker.token, agent.id, question, from)).toBe(422);
      }
      await blocker.page.context().close();

      const { page } = await signedInPage(
        real.browser,
        real.airisk,
        journal,
        '/admin/dashboards',
        CONSOLE_MONITOR,
      );
      await page.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();
      await page.getByText('No dashboard is saved yet').waitFor();
      await journal.visit(page, 'dashboards, none yet');

      await page.getByRole('button', { name: 'New dashboard' }).click();
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();

      const totals = page.getByRole('region', { name: 'Totals' });
      // 4 questions and 4 answers; the blocked question is no message.
      await expect.poll(() => totals.getByText('Messages', { exact: true }).isVisible()).toBe(true);
      const messages = totals.locator('.stat-card', { hasText: /^Messages/ }).locator('dd');
      await expect.poll(() => messages.textContent()).toBe('8');
      const activeUsers = totals.locator('.stat-card', { hasText: 'Active users' }).locator('dd');
      await expect.poll(() => activeUsers.textContent()).toBe('2');

      const top = page.getByRole('region', { name: 'Top 10 users by messages' });
      const topRows = top.getByRole('row');
      await expect.poll(() => topRows.count()).toBe(3);
      expect(await topRows.nth(1).getByRole('rowheader').textContent()).toBe('ann@example.com');
      expect(await topRows.nth(1).getByRole('cell').textContent()).toBe('6');

      const chart = page.getByRole('region', { name: 'Messages per day' });
      await chart.locator('.line-chart canvas').waitFor();
      await chart.getByRole('button', { name: 'Show data table' }).click();
      const today = new Date().toISOString().slice(0, 10);
      const todayRow = chart.getByRole('row', { name: new RegExp(today) });
      expect(await todayRow.getByRole('cell').textContent()).toBe('8');

      const map = page.getByRole('region', { name: 'Blocked messages by country' });
      const countries = map.getByRole('row');
      await expect.poll(() => countries.count()).toBe(3);
      expect(await countries.nth(1).textContent()).toBe('United States2');
      expect(await countries.nth(2).textContent()).toBe('United Kingdom1');
      await map.getByRole('img', { name: /world map/ }).waitFor();
      // Two shades: the United States darkest, the United Kingdom lighter.
      const shaded = await map.locator('.world-map path[fill]').count();
      expect(shaded).toBe(2);
      await journal.visit(page, 'starter dashboard', { dark: true });

      // The range applies to every element (the same data: it is all from today).
      await page.getByLabel('Range').selectOption({ label: 'Last 7 days' });
      await expect.poll(() => messages.textContent()).toBe('8');

      // Edit: add a top agents element, move it first, remove the map, rename, save.
      await page.getByRole('button', { name: 'Edit dashboard' }).click();
      await page.getByLabel('Kind').selectOption({ label: 'Top N' });
      await page.getByLabel('By', { exact: true }).selectOption({ label: 'Agent' });
      await page.getByLabel('Title').fill('Busiest agents');
      await page.getByRole('button', { name: 'Add element' }).click();
      const agents = page.getByRole('region', { name: 'Busiest agents' });
      await agents.getByRole('rowheader', { name: 'Helpdesk' }).waitFor();
      for (let moves = 0; moves < 4; moves += 1) {
        await page.getByRole('button', { name: 'Move up Busiest agents' }).click();
      }
      await page.getByRole('button', { name: 'Remove Blocked messages by country' }).click();
      await page.getByLabel('Dashboard name').fill('Helpdesk watch');
      await journal.visit(page, 'editing the dashboard');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('heading', { name: 'Helpdesk watch', level: 1 }).waitFor();
      await page.getByText('Saved.').waitFor();
      const titles = await page.locator('.dashboard-element h2').allTextContents();
      expect(titles).toEqual([
        'Busiest agents',
        'Totals',
        'Messages per day',
        'Top 10 users by messages',
      ]);
      await page.reload();
      await page.getByRole('heading', { name: 'Helpdesk watch', level: 1 }).waitFor();
      expect(await page.locator('.dashboard-element h2').allTextContents()).toEqual(titles);

      await page.setViewportSize(PHONE);
      await agents.getByRole('rowheader', { name: 'Helpdesk' }).waitFor();
      await journal.visit(page, 'dashboard on a phone');

      // Delete from the list, through the confirmation.
      await page.getByRole('link', { name: 'All dashboards' }).click();
      await page.getByRole('button', { name: 'Delete Helpdesk watch' }).click();
      await journal.visit(page, 'delete dialog');
      await page.getByRole('button', { name: 'Delete dashboard' }).click();
      await page.getByText('No dashboard is saved yet').waitFor();
      journal.expectNoProblems();
    },
  );
});
