import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { withRealServer } from './helpers/airisk.ts';
import { Journal, PHONE } from './helpers/browser.ts';
import { CONSOLE_ADMIN, signedInPage } from './helpers/console.ts';

// Admin › AI agents in Debian's chromium against the real server: an agent made from the demo
// template with its own scanner rule, assigned to the admin, blocking a prompt in the chat; Test
// connection answered by the demo engine and refused by a loopback port nothing listens on; a
// knowledge file added and deleted; the agent page at phone width.

const FLOW_TIMEOUT_MS = 120_000;

const AGENT = 'Falcon helper';
const CODE_NAME = 'Project Falcon';
const BLOCKED_PROMPT = `What is the budget of ${CODE_NAME} this year?`;
// Port 9 (discard) on the loopback: nothing listens there, so the connection is refused.
const UNREACHABLE = 'http://127.0.0.1:9/v1';

const real = withRealServer();

describe('Admin › AI agents in a real browser', () => {
  test(
    'demo template → own scanner rule → assigned to me → the chat blocks; test connection; files',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('admin-agents');
      const { page } = await signedInPage(real.browser, real.airisk, journal, '/admin/agents');

      // No agent yet: the page says what to do.
      await page.getByRole('heading', { name: 'AI agents', level: 1 }).waitFor();
      await page.getByText('There is no agent yet').waitFor();
      await journal.visit(page, 'agents, none yet');

      // New agent from the demo template.
      await page.getByRole('link', { name: 'New agent' }).click();
      await page.getByRole('heading', { name: 'New agent', level: 1 }).waitFor();
      await page.getByRole('radio', { name: /Demo assistant/ }).check();
      const settings = page.getByRole('form', { name: "New agent's settings" });
      expect(await settings.getByLabel('Name').inputValue()).toBe('Demo assistant');
      await settings.getByLabel('Name').fill(AGENT);
      await journal.visit(page, 'new agent from the demo template');
      await settings.getByRole('button', { name: 'Create agent' }).click();
      await page.getByRole('heading', { name: AGENT, level: 1 }).waitFor();
      const agentUrl = page.url();
      await journal.visit(page, 'agent, general');

      // The tabs by keyboard: arrows move and open, End reaches the last.
      const tabs = page.getByRole('tablist', { name: 'Agent settings' });
      await tabs.getByRole('tab', { name: 'General' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.getByRole('tab', { name: 'Engine', selected: true }).waitFor();
      expect(await page.getByRole('tab', { name: 'Engine' }).evaluate(isFocused)).toBe(true);
      await page.keyboard.press('End');
      await page.getByRole('tab', { name: 'Assignments', selected: true }).waitFor();
      await page.keyboard.press('Home');
      await page.getByRole('tab', { name: 'General', selected: true }).waitFor();

      // Engine: Test connection on the demo engine answers.
      await openTab(page, 'Engine');
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/Connected in \d+ ms — the model answered:/).waitFor();
      await journal.visit(page, 'engine, demo connected');

      // Usage and General save their own fields.
      await openTab(page, 'Usage');
      await page.getByLabel('Max messages').fill('30');
      await page.getByLabel('LLM temperature').fill('0.3');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved.').waitFor();
      await journal.visit(page, 'usage saved');

      // Scanners: this agent blocks the code name (a regex pattern of its own).
      await openTab(page, 'Scanners');
      await overrideRegexScanner(page);
      await page.getByRole('button', { name: 'Save scanners' }).click();
      await page.getByText('Saved.').waitFor();
      await journal.visit(page, 'scanners overridden');

      // API key: the demo engine needs none; nothing is stored.
      await openTab(page, 'API key');
      await page.getByText('The demo engine needs no key.').waitFor();
      await journal.visit(page, 'api key');

      // Files: a small text file added, listed with its size and type, then deleted.
      await openTab(page, 'Files');
      await page.getByText('No file yet').waitFor();
      await page.getByLabel('Files to add').setInputFiles({
        name: 'falcon-notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Falcon launches in May.\n'),
      });
      await page.getByRole('button', { name: 'Upload' }).click();
      const files = page.getByRole('table', { name: `Files of ${AGENT}` });
      const row = files.getByRole('row', { name: /falcon-notes\.txt/ });
      await row.waitFor();
      expect(await row.textContent()).toContain('24 bytes');
      expect(await row.textContent()).toContain('Text');
      await journal.visit(page, 'file uploaded');
      await row.getByRole('button', { name: 'Delete falcon-notes.txt' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete falcon-notes.txt?' });
      await journal.visit(page, 'delete file?');
      await dialog.getByRole('button', { name: 'Delete file' }).click();
      await page.getByText('No file yet').waitFor();

      // Assignments: the admin finds themself and assigns the agent.
      await openTab(page, 'Assignments');
      await page.getByLabel('Find a user to assign').fill('ada');
      await page
        .getByRole('list', { name: 'Users found' })
        .getByRole('button', { name: `Assign ${CONSOLE_ADMIN.name}` })
        .click();
      await page.getByRole('heading', { name: 'Users (1)' }).waitFor();
      await page.getByRole('link', { name: CONSOLE_ADMIN.name }).waitFor();
      await journal.visit(page, 'assigned to me');

      // The list shows it: engine, model, one user, no key.
      await page.getByRole('link', { name: 'AI agents', exact: true }).first().click();
      const list = page.getByRole('table', { name: 'AI agents' });
      const listed = list.getByRole('row', { name: new RegExp(AGENT) });
      await listed.waitFor();
      expect((await listed.getByRole('cell').allTextContents()).map((text) => text.trim())).toEqual(
        ['Demo (no AI provider)', 'demo', '1', '0', 'No'],
      );
      await journal.visit(page, 'agents list');

      // In the chat, the agent's own rule blocks the code name before anything reaches it.
      await page.goto(`${real.airisk.url}/chat`);
      const composer = page.getByRole('textbox', { name: `Message to ${AGENT}` });
      await composer.fill(BLOCKED_PROMPT);
      await composer.press('Enter');
      const blocked = page.getByRole('alert').filter({ hasText: 'Your message was not sent' });
      await blocked.waitFor();
      expect(await blocked.textContent()).toContain('scanners blocked it');
      // The agent's own pattern, by the name given it (never the matched text).
      expect(await blocked.textContent()).toContain('found: Pattern "Code name"');
      await journal.visit(page, 'chat, blocked by the agent rule');

      // An OpenAI agent from scratch, pointed at a loopback port nothing listens on.
      await page.goto(`${real.airisk.url}/admin/agents/new`);
      await page.getByRole('radio', { name: /From scratch/ }).check();
      const scratch = page.getByRole('form', { name: "New agent's settings" });
      await scratch.getByLabel('Name').fill('Offline OpenAI');
      await scratch.getByLabel('Engine').selectOption('openai');
      await scratch.getByLabel('Base URL (optional)').fill(UNREACHABLE);
      await scratch.getByLabel('Model').fill('gpt-4o-mini');
      await scratch.getByLabel('API key', { exact: true }).fill('sk-test-not-a-real-key-0042');
      await journal.visit(page, 'new agent from scratch');
      await scratch.getByRole('button', { name: 'Create agent' }).click();
      await page.getByRole('heading', { name: 'Offline OpenAI', level: 1 }).waitFor();
      await openTab(page, 'Engine');
      expect(await page.getByLabel('Base URL (optional)').inputValue()).toBe(UNREACHABLE);
      await page.getByRole('button', { name: 'Test connection' }).click();
      const failed = page.getByText(/The connection failed/);
      await failed.waitFor({ timeout: 40_000 });
      const said = (await failed.locator('xpath=..').textContent()) ?? '';
      expect(said).not.toContain('sk-test-not-a-real-key-0042');
      await journal.visit(page, 'engine, connection refused');

      // The API key tab shows only the last 4 characters.
      await openTab(page, 'API key');
      await page.getByText('A key ending in …0042 is stored').waitFor();
      await journal.visit(page, 'api key stored');
      // Removing it would leave an OpenAI agent without any key: the server says so in the dialog.
      await page.getByRole('button', { name: 'Remove key' }).click();
      const removeKey = page.getByRole('dialog', { name: 'Remove the API key?' });
      await removeKey.getByRole('button', { name: 'Remove key' }).click();
      await removeKey
        .getByRole('alert')
        .getByText(/needs an API key/)
        .waitFor();
      await journal.visit(page, 'remove key refused');
      await removeKey.getByRole('button', { name: 'Cancel' }).click();
      await page.getByText('A key ending in …0042 is stored').waitFor();

      // Deleting it asks first, then lists the agents without it.
      await page.getByRole('button', { name: 'Delete agent' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete Offline OpenAI?' });
      await confirm.getByText('Its conversations stay, without an agent').waitFor();
      await confirm.getByRole('button', { name: 'Delete agent' }).click();
      await page.waitForURL('**/admin/agents');
      await list.getByRole('row', { name: new RegExp(AGENT) }).waitFor();
      await expect.poll(() => list.getByText('Offline OpenAI').count()).toBe(0);

      // The agent page at phone width: nothing wider than the screen.
      await page.setViewportSize(PHONE);
      await page.goto(`${agentUrl}?tab=engine`);
      await page.getByRole('tab', { name: 'Engine', selected: true }).waitFor();
      await journal.visit(page, 'agent on a phone', { dark: true });
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow, 'nothing is wider than the phone').toBeLessThanOrEqual(0);

      await page.context().close();
      journal.expectNoProblems();
    },
  );
});

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.getByRole('tab', { name, exact: true, selected: true }).waitFor();
}

/** In the agent's Scanners tab: a regex pattern of its own that blocks the code name. */
async function overrideRegexScanner(page: Page): Promise<void> {
  await page.locator('summary', { hasText: 'Company patterns (regex)' }).click();
  await page.getByRole('button', { name: 'Add a pattern' }).click();
  const pattern = page.getByRole('group', { name: 'Pattern 1' });
  await pattern.getByLabel('Name').fill('Code name');
  await pattern.getByLabel('Regular expression').fill(CODE_NAME);
  await pattern.getByLabel('Ignore case').check();
  await pattern.getByLabel('On a match').selectOption('block');
}

/** In the page: whether the element has the focus (no DOM types in this Node project). */
function isFocused(element: unknown): boolean {
  return (
    element ===
    (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement
  );
}
