import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { assignAgent, demoAgent, withRealServer } from './helpers/airisk.ts';
import { askAgent, bearerOf } from './helpers/api-token.ts';
import { Journal, PHONE } from './helpers/browser.ts';
import { signedInPage } from './helpers/console.ts';
import { TEXTS } from '../helpers/scanners.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

// The Monitoring pages in Debian's chromium, against the real server. A person with only the
// Monitor role creates a rule "any blocked message" with a webhook and tests it; a person's
// prompt with a GitHub token is blocked (422), and the rule opens an issue and announces it.
// The monitor finds the issue, acknowledges it by keyboard, assigns it to themself, comments,
// reads the history and the notification sent; then edits the rule, creates a spend rule and
// deletes it. Every page is screenshotted and checked with axe-core, some on a phone.

const FLOW_TIMEOUT_MS = 120_000;
const PASSWORD = 'Marmalade-Glacier-Violin-58';
const MONITOR = {
  name: 'Mo Monitor',
  email: 'mo@example.com',
  password: PASSWORD,
  roles: ['Monitor' as const],
};

// The rules are evaluated on every recorded event and on this timer; so is the outbox.
const real = withRealServer({ AIRISK_MONITOR_INTERVAL_MS: '200' });
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

/** The text of the element that has the keyboard focus. */
function focusedText(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement?.textContent ?? ""');
}

/** The Standard Webhooks `type` of each request the receiver got, in order. */
function webhookTypes(): string[] {
  return receiver.received.map((request) => (JSON.parse(request.body) as { type: string }).type);
}

/** How far the page is wider than its window (0 or less: it fits). */
function overflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/** Cy, a person whose prompt with a GitHub token the secrets scanner blocks. */
async function blockedPrompt(journal: Journal, agent: { id: string }): Promise<void> {
  const careless = await signedInPage(real.browser, real.airisk, journal, '/chat', {
    name: 'Cy Careless',
    email: 'cy@example.com',
    password: PASSWORD,
    roles: [],
  });
  await assignAgent(real.airisk, agent.id, careless.userId);
  const token = await bearerOf(careless.page);
  expect(await askAgent(real.airisk, token, agent.id, `Deploy with ${TEXTS.githubToken}`)).toBe(
    422,
  );
  await careless.page.context().close();
}

describe('the Monitoring pages in a real browser', () => {
  test(
    'a monitor creates a rule, a blocked prompt fires it, and the monitor acknowledges the issue',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('monitoring');
      const { page } = await signedInPage(real.browser, real.airisk, journal, '/admin', MONITOR);
      const adminNav = page.getByRole('navigation', { name: 'Administration' });
      await adminNav.getByRole('link', { name: 'Monitoring' }).click();
      await page.getByRole('heading', { name: 'Monitoring', level: 1 }).waitFor();
      // A monitor is no administrator: Dashboards and Monitoring are all the console offers.
      expect(await adminNav.getByRole('link').allTextContents()).toEqual([
        'Dashboards',
        'Monitoring',
      ]);
      await page.getByText('No issue yet, and no rule to open one').waitFor();
      await journal.visit(page, 'no issue yet');

      // A rule, created through its form, for one agent picked by its name.
      const helpdesk = await demoAgent(real.airisk, 'Helpdesk');
      const tabs = page.getByRole('navigation', { name: 'Monitoring' });
      await tabs.getByRole('link', { name: 'Rules' }).click();
      await page.getByRole('link', { name: 'Create the first rule' }).click();
      await page.getByRole('heading', { name: 'New monitoring rule', level: 1 }).waitFor();
      await page.getByLabel('Rule name').fill('Blocked messages');
      await page.getByLabel('Severity').selectOption({ label: 'High' });
      await page.getByRole('radio', { name: /Matching events/ }).check();
      expect(await page.getByRole('checkbox', { name: 'Blocked messages' }).isChecked()).toBe(true);
      await page.getByLabel('Threshold (events)').fill('1');
      await page.getByText('More conditions').click();
      await page.getByLabel('Agent').selectOption({ label: 'Helpdesk' });
      await journal.visit(page, 'new rule form');
      await page.getByRole('button', { name: 'Create rule' }).click();
      await page.getByRole('heading', { name: 'Blocked messages', level: 1 }).waitFor();
      await page.getByText('The rule is created and watches new activity.').waitFor();
      expect(await focusedText(page), 'the keyboard is on the new rule').toBe('Blocked messages');
      await page
        .getByText(
          'Blocked messages (with agent Helpdesk): 1 within 1 hour, counted for each person',
        )
        .waitFor();

      // Its issues are announced to a webhook, whose signing secret shows once; a test reaches it.
      await page.getByLabel('Webhook URL').fill(`${receiver.url}/airisk`);
      await page.getByRole('button', { name: 'Add notification' }).click();
      const notified = page.getByRole('list', { name: 'Notified' });
      await notified.getByRole('button', { name: `Remove ${receiver.url}/airisk` }).waitFor();
      expect(await page.locator('code.secret').textContent()).toMatch(/^whsec_/);
      expect(await focusedText(page)).toMatch(/is notified of this rule's new issues/);
      await page.getByRole('button', { name: 'Send a test notification' }).click();
      await page.getByText('Every address got the test notification.').waitFor();
      expect(webhookTypes()).toEqual(['monitoring.rule.test']);
      await journal.visit(page, 'rule with a webhook');

      // Activity fires the rule: an issue opens, and the webhook hears of it.
      await blockedPrompt(journal, helpdesk);
      await page.getByRole('link', { name: 'The issues this rule opened' }).click();
      const issues = page.getByRole('list', { name: 'Issues, most recently seen first' });
      await expect
        .poll(
          async () => {
            if ((await issues.count()) === 0) {
              await page.reload();
              await page.getByRole('heading', { name: 'Monitoring', level: 1 }).waitFor();
            }
            return issues.getByRole('link').count();
          },
          { timeout: 20_000 },
        )
        .toBe(1);
      const row = issues.getByRole('listitem').first();
      expect(await row.getByRole('link').textContent()).toMatch(/^Blocked messages: \S+@/);
      expect(await row.locator('.badge').allTextContents()).toEqual(['Open', 'High']);
      await row.getByText(/Last seen .* · once · Blocked messages$/).waitFor();
      await expect.poll(webhookTypes).toEqual(['monitoring.rule.test', 'monitoring.issue.opened']);
      await journal.visit(page, 'open issue');

      // The issue, worked on by keyboard: acknowledged, then the focus is back in its section.
      await row.getByRole('link').click();
      await page.getByRole('heading', { name: 'History' }).waitFor();
      await page.getByText('The rule opened the issue').waitFor();
      await page.getByRole('button', { name: 'Acknowledge' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('Acknowledged: others see you are on it.').waitFor();
      expect(await focusedText(page), 'the keyboard stays in the section').toBe('Work on it');
      await page.getByRole('button', { name: 'Assign to me' }).click();
      await page.getByText('assigned it to you').waitFor();
      await page.getByLabel('Comment').fill('Looking into it with Cy.\nThe token is revoked.');
      await page.getByRole('button', { name: 'Add comment' }).click();
      await page.locator('.issue-comment-text').waitFor();
      expect(await page.getByLabel('Comment').inputValue(), 'the comment box is ready').toBe('');
      const history = page.locator('.issue-history li');
      expect(await history.allTextContents()).toEqual([
        expect.stringMatching(/The rule opened the issue$/),
        expect.stringMatching(/You changed the status from Open to Acknowledged$/),
        expect.stringMatching(/You assigned it to you$/),
        expect.stringMatching(/You commented:Looking into it with Cy\.\nThe token is revoked\.$/),
      ]);
      const deliveries = page.getByRole('region', { name: 'Notifications' });
      await deliveries.getByText(`${receiver.url}/airisk`).waitFor();
      await deliveries.getByText('Delivered', { exact: true }).waitFor();
      await journal.visit(page, 'acknowledged issue', { dark: true });

      await page.setViewportSize(PHONE);
      await journal.visit(page, 'issue on a phone');
      expect(await overflow(page), 'nothing is wider than the phone').toBeLessThanOrEqual(0);

      // Acknowledged issues leave the open list, and show under their status.
      await page.getByRole('link', { name: 'All issues' }).click();
      await page.getByText('No open issue').waitFor();
      await page.getByLabel('Status').selectOption({ label: 'Acknowledged' });
      await issues.getByRole('link', { name: /^Blocked messages: / }).waitFor();
      expect(page.url()).toMatch(/\?status=acknowledged$/);
      await journal.visit(page, 'acknowledged issues on a phone');
      expect(await overflow(page), 'nothing is wider than the phone').toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 800 });

      // The rule, changed: it now needs three blocked messages within two hours.
      await tabs.getByRole('link', { name: 'Rules' }).click();
      await page.getByRole('link', { name: 'Blocked messages', exact: true }).click();
      await page.getByLabel('Threshold (events)').fill('3');
      await page.getByLabel('Within').fill('2');
      await page.getByRole('button', { name: 'Save rule' }).click();
      await page.getByText('Saved. Issues already open keep their title and severity.').waitFor();
      await page
        .getByText(
          'Blocked messages (with agent Helpdesk): 3 within 2 hours, counted for each person',
        )
        .waitFor();

      // A spend rule: each person's cost in a day; disabled and enabled from the list; deleted.
      await page.getByRole('link', { name: 'All rules' }).click();
      await page.getByRole('link', { name: 'New rule' }).click();
      await page.getByLabel('Rule name').fill('Big spenders');
      await page.getByRole('radio', { name: /Spend/ }).check();
      await page.getByLabel('Measure').selectOption({ label: 'Cost in US dollars' });
      await page.getByLabel('Amount (US dollars)').fill('25');
      await page.getByRole('button', { name: 'Create rule' }).click();
      await page.getByText("Each person's cost per day (UTC) reaching $25.00").waitFor();
      await page.getByRole('link', { name: 'All rules' }).click();
      const rules = page.getByRole('list', { name: 'Rules, by name' });
      const spenders = rules.getByRole('listitem').filter({ hasText: 'Big spenders' });
      await spenders.getByRole('button', { name: 'Disable Big spenders' }).click();
      await spenders.getByText('Disabled', { exact: true }).waitFor();
      await journal.visit(page, 'rules');
      await page.setViewportSize(PHONE);
      await journal.visit(page, 'rules on a phone');
      expect(await overflow(page), 'nothing is wider than the phone').toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 800 });
      await spenders.getByRole('link', { name: 'Big spenders', exact: true }).click();
      await page.getByRole('button', { name: 'Delete rule' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete “Big spenders”?' });
      await journal.visit(page, 'delete dialog');
      await dialog.getByRole('button', { name: 'Delete rule' }).click();
      await page.getByText('The rule Big spenders is deleted, with its issues.').waitFor();
      expect(await rules.getByRole('heading').allTextContents()).toEqual(['Blocked messages']);

      await page.context().close();
      journal.expectNoProblems();
    },
  );
});
