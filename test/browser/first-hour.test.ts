import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { linkIn } from '../helpers/smtp-sink.ts';
import {
  assignAgent,
  demoAgent,
  firstRunLink,
  invitedPerson,
  withRealServer,
} from './helpers/airisk.ts';
import { DESKTOP, Journal, PHONE, saveForReadme } from './helpers/browser.ts';

// A company's first hour with AIRisk, in Debian's chromium against the real server process
// (`npm start`) on an empty SQLite database: the first-run link, the first administrator, an
// invitation mailed over SMTP, the invited person's password, sign-in, a streamed chat with the
// demo agent, a file, a rating, search, sign-out. Every page visited is saved under
// test-results/screenshots/ and checked with axe-core; UPDATE_README_SCREENSHOT=1 also writes
// the README's docs/screenshots/chat.png.

const FLOW_TIMEOUT_MS = 120_000;
// The server's start may take a minute on a loaded machine (helpers/airisk.ts).

const ADMIN = {
  name: 'Ada Admin',
  email: 'ada@example.com',
  password: 'Marmalade-Glacier-Violin-58',
};
const PERSON = {
  name: 'Grace Hopper',
  email: 'grace@example.com',
  password: 'Lantern-Orbit-Pebble-Quartz-91',
};
const QUESTION =
  'Which of our supplier contracts renew automatically in the next quarter, and what notice do ' +
  'we have to give to end each of them before it renews?';

const FOLLOW_UP = 'When does supplier A renew, according to the file?';
const SECOND_CHAT = 'Draft a friendly reminder for the team meeting on Thursday.';

const real = withRealServer();

describe('the first hour in a real browser', () => {
  test(
    'first-run admin → invite → accept → sign in → chat, attach, rate, search → sign out',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('first-hour');

      // The server printed the first-run link on start, as `npm start` shows it.
      const setupLink = await firstRunLink(real.airisk);
      const adminContext = await journal.newContext(real.browser);
      const admin = await adminContext.newPage();
      await admin.goto(setupLink);
      await admin.getByRole('heading', { name: 'Create the first administrator' }).waitFor();
      await admin.getByLabel('Your name').fill(ADMIN.name);
      await admin.getByLabel('Email').fill(ADMIN.email);
      await admin.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await admin.getByLabel('Type it again').fill(ADMIN.password);
      await journal.visit(admin, 'setup');
      await admin.getByRole('button', { name: 'Create administrator' }).click();
      await admin.waitForURL('**/chat');
      await admin.getByText('No agent is available to you yet').waitFor();
      await journal.visit(admin, 'admin chat, no agent yet');

      // The administrator invites a person from the admin console; the mail arrives over SMTP.
      await admin.getByRole('link', { name: 'Admin', exact: true }).click();
      await admin.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      await admin.getByRole('link', { name: 'Invite people' }).click();
      await admin.getByRole('heading', { name: 'Invite people' }).waitFor();
      await journal.visit(admin, 'invite people');
      await admin.getByLabel('Email', { exact: true }).fill(PERSON.email);
      await admin.getByLabel('Name (optional)').fill(PERSON.name);
      await admin.getByRole('button', { name: 'Invite', exact: true }).click();
      await admin.getByText(`Invitation sent to ${PERSON.email}`).waitFor();
      await journal.visit(admin, 'invitation sent');
      const mail = await real.mailbox.next(10_000);
      expect(mail.envelopeTo).toEqual([PERSON.email]);
      const { link: invitationLink } = linkIn(mail);
      expect(invitationLink.startsWith(`${real.airisk.url}/invite#token=`)).toBe(true);

      // The admin gives the person the demo agent (the CLI on the server's database).
      const users = await real.airisk.cli<{ id: string; email: string }[]>(['users', 'list']);
      const person = users.find((user) => user.email === PERSON.email);
      expect(person, 'the invited person is a user').toBeDefined();
      const agent = await demoAgent(real.airisk, 'Contracts helper');
      await assignAgent(real.airisk, agent.id, person?.id ?? '');

      // The person follows the mail's link in their own browser and chooses a password.
      const inviteContext = await journal.newContext(real.browser);
      const invited = await inviteContext.newPage();
      await invited.goto(invitationLink);
      await invited.getByRole('heading', { name: 'Join AIRisk' }).waitFor();
      expect(await invited.getByLabel('Email').inputValue()).toBe(PERSON.email);
      await invited.getByLabel('Password', { exact: true }).fill(PERSON.password);
      await invited.getByLabel('Type it again').fill(PERSON.password);
      await journal.visit(invited, 'accept invitation');
      await invited.getByRole('button', { name: 'Set password and join' }).click();
      await invited.waitForURL('**/chat');
      await inviteContext.close();

      // Invited again, the person has an account now: the admin is offered a reset link instead.
      await admin.getByLabel('Email', { exact: true }).fill(PERSON.email);
      await admin.getByRole('button', { name: 'Invite', exact: true }).click();
      await admin
        .getByRole('button', { name: `Create a password reset link for ${PERSON.email}` })
        .click();
      await admin.getByText(`A password reset link was mailed to ${PERSON.email}.`).waitFor();
      await journal.visit(admin, 'reset link for an existing account');
      const resetMail = await real.mailbox.next(10_000);
      expect(linkIn(resetMail).link.startsWith(`${real.airisk.url}/reset#token=`)).toBe(true);

      // Later, on another device: the app asks to sign in first.
      const context = await journal.newContext(real.browser);
      const page = await context.newPage();
      const tokens = watchUserTokens(page);
      await page.goto(`${real.airisk.url}/chat`);
      await page.getByRole('heading', { name: 'Sign in to AIRisk' }).waitFor();
      await page.getByLabel('Email').fill(PERSON.email);
      await page.getByLabel('Password').fill(PERSON.password);
      await journal.visit(page, 'sign in');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL('**/chat');

      // Chat with the demo agent: the answer streams in word by word.
      const composer = page.getByRole('textbox', { name: 'Message to Contracts helper' });
      await composer.waitFor();
      await journal.visit(page, 'chat, new conversation', { dark: true });
      const streamed = await recordBusyTexts(page);
      await composer.fill(QUESTION);
      await composer.press('Enter');
      await answerTo(page, QUESTION);
      const partial = (await streamed()).filter(
        (text) => text.includes('Demo engine') && !/I received \d+ message/.test(text),
      );
      expect(partial.length, 'a partial answer, marked busy, before the final one').toBeGreaterThan(
        0,
      );
      // The README's picture: 1280×800, light, the pointer over nothing.
      await page.mouse.move(DESKTOP.width - 20, DESKTOP.height / 2);
      const screenshot = await page.screenshot({ animations: 'disabled' });
      if (process.env.UPDATE_README_SCREENSHOT === '1') {
        saveForReadme(screenshot, 'docs/screenshots/chat.png');
      }
      await journal.visit(page, 'chat, answered', { dark: true });

      // Attach a file; it goes with the next question.
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Attach files' }).click();
      await (
        await chooser
      ).setFiles({
        name: 'renewals.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Supplier A renews on 1 March; notice: 60 days.\n'),
      });
      const nextFiles = page.getByRole('list', { name: 'Files for your next message' });
      await nextFiles.getByText('renewals.txt').waitFor();
      await journal.visit(page, 'file attached');
      await composer.fill(FOLLOW_UP);
      await composer.press('Enter');
      await answerTo(page, FOLLOW_UP);
      await page.getByRole('list', { name: 'Attached files' }).getByText('renewals.txt').waitFor();

      // Rate the first answer; the rating is kept.
      const good = page.getByRole('button', { name: 'Good answer' }).first();
      await good.click();
      await page.getByText('Thanks for rating this answer.').waitFor();
      expect(await good.getAttribute('aria-pressed')).toBe('true');
      await journal.visit(page, 'answer rated');
      const conversationUrl = page.url();
      await page.reload();
      await answerTo(page, FOLLOW_UP);
      expect(await good.getAttribute('aria-pressed')).toBe('true');

      // A second conversation, then the first found again by search.
      await page.getByRole('link', { name: 'New chat' }).click();
      await composer.fill(SECOND_CHAT);
      await composer.press('Enter');
      await answerTo(page, SECOND_CHAT);
      const list = page.getByRole('navigation', { name: 'Conversation list' });
      await list.getByRole('link').nth(1).waitFor();
      await page.getByRole('searchbox', { name: 'Search conversations' }).fill('supplier');
      await page.getByRole('status').getByText('1 conversation matches').waitFor();
      expect(await list.getByRole('link').count()).toBe(1);
      await journal.visit(page, 'search');
      await list.getByRole('link', { name: /supplier contracts/ }).click();
      await page.waitForURL(conversationUrl);
      await answerTo(page, FOLLOW_UP);
      await journal.visit(page, 'found by search');

      // The person's account page (profile, password, second factor, keys, sessions).
      await page.getByRole('link', { name: 'Account', exact: true }).click();
      await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await journal.visit(page, 'account', { dark: true });

      // Sign out: the app asks to sign in again, and the token it held no longer works.
      const token = tokens.last();
      expect(await agentsStatus(token), 'the app called the API with a user token').toBe(200);
      await page
        .getByRole('banner')
        .getByRole('button', { name: `Sign out (${PERSON.email})` })
        .click();
      await page.getByRole('heading', { name: 'Sign in to AIRisk' }).waitFor();
      await journal.visit(page, 'signed out');
      await page.goto(`${real.airisk.url}/chat`);
      await page.getByRole('heading', { name: 'Sign in to AIRisk' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(await agentsStatus(token), 'the token ended with the session').toBe(401);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await journal.visit(page, 'reset password');

      await adminContext.close();
      await context.close();
      journal.expectNoProblems();
    },
  );

  test('the chat page at phone width (375×812)', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const journal = new Journal('phone-width');
    const page = await signedInPage(journal, 'phone@example.com', { viewport: PHONE });
    await page.goto(`${real.airisk.url}/chat`);
    const composer = page.getByRole('textbox', { name: /^Message to / });
    await composer.fill('Hello from a phone');
    await composer.press('Enter');
    await answerTo(page, 'Hello from a phone');
    await journal.visit(page, 'chat on a phone', { dark: true });
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow, 'nothing is wider than the phone').toBeLessThanOrEqual(0);
    await page.context().close();
    journal.expectNoProblems();
  });

  test('the chat by keyboard alone', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const journal = new Journal('keyboard');
    const page = await signedInPage(journal, 'keys@example.com');
    await page.goto(`${real.airisk.url}/chat`);
    const composer = page.getByRole('textbox', { name: /^Message to / });
    await composer.waitFor();
    // From the top of the page: the skip link, the header, the conversation list, the box.
    for (let presses = 0; presses < 40 && !(await composer.evaluate(isFocused)); presses += 1) {
      await page.keyboard.press('Tab');
    }
    expect(await composer.evaluate(isFocused), 'Tab reaches the message box').toBe(true);
    await page.keyboard.type('Typed without a mouse');
    await journal.visit(page, 'composer reached by Tab');
    await page.keyboard.press('Enter');
    await answerTo(page, 'Typed without a mouse');
    await journal.visit(page, 'sent by keyboard');
    // A dialog closed with Escape gives focus back to the button that opened it.
    const remove = page.getByRole('button', { name: /^Delete/ });
    await remove.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await remove.evaluate(isFocused), 'focus is back on Delete').toBe(true);
    await page.context().close();
    journal.expectNoProblems();
  });
});

/**
 * Waits for the demo agent's complete answer to `question` (it quotes it) among the saved
 * messages, with nothing on the page still marked busy.
 */
async function answerTo(page: Page, question: string): Promise<void> {
  const log = page.getByRole('log', { name: 'Messages' });
  await log.getByText(`you said "${question}"`).last().waitFor();
  await expect.poll(() => page.locator('main [aria-busy="true"]').count()).toBe(0);
}

/** GET /api/Chat/ListAgents with a bearer token: its status. */
async function agentsStatus(token: string | undefined): Promise<number> {
  const response = await fetch(`${real.airisk.url}/api/Chat/ListAgents`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.status;
}

/** A person invited by the CLI and signed in through the API, with the demo agent. */
async function signedInPage(
  journal: Journal,
  email: string,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const { userId, cookie } = await invitedPerson(real.airisk, {
    email,
    name: email.split('@')[0] ?? email,
    password: PERSON.password,
  });
  const agent = await demoAgent(real.airisk, `Demo for ${email}`);
  await assignAgent(real.airisk, agent.id, userId);
  const context = await journal.newContext(real.browser, options);
  await context.addCookies([{ ...cookie, url: real.airisk.url }]);
  return context.newPage();
}

/** In the page: whether the element has the focus (no DOM types in this Node project). */
function isFocused(element: unknown): boolean {
  return (
    element ===
    (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement
  );
}

/** The user tokens the app sends (Authorization: Bearer), last one last. */
function watchUserTokens(page: Page): { last(): string | undefined } {
  let last: string | undefined;
  page.on('request', (request) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers()['authorization'] ?? '');
    if (bearer) {
      last = bearer[1];
    }
  });
  return { last: () => last };
}

/**
 * Records, from now on, the text of every element of <main> marked aria-busy each time the page
 * changes (a MutationObserver in the page): a streamed answer's partial states, checked after
 * it is complete.
 */
async function recordBusyTexts(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(`{
    const texts = [];
    new MutationObserver(() => {
      for (const element of document.querySelectorAll('main [aria-busy="true"]')) {
        const text = element.textContent ?? '';
        if (!texts.includes(text)) {
          texts.push(text);
        }
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    window.busyTexts = texts;
  }`);
  return () => page.evaluate<string[]>('window.busyTexts');
}
