import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { withRealServer } from './helpers/airisk.ts';
import { Journal, PHONE } from './helpers/browser.ts';
import { CONSOLE_ADMIN, signedInPage } from './helpers/console.ts';

// The admin console's API clients and Logs pages in Debian's chromium, against the real server:
// an admin registers an API client, copies its secret with the copy button and runs the OAuth2
// flow with it (Node's fetch, as the application would); rotates the secret with a grace period
// (both secrets work); disables the client (its token requests fail); unlocks it after a lock-out;
// then finds those events in the audit log, filters by the client and exports the CSV. A
// Compliance officer sees only the Logs section.

const FLOW_TIMEOUT_MS = 120_000;
const APP = 'Reporting app';
const REDIRECT_URI = 'https://reports.example.com/oauth/callback';
const LOOPBACK_URI = 'http://127.0.0.1:8765/callback';
const CSV_HEADER = 'at,event,outcome,userId,clientId,ip,reason,details,id';

const real = withRealServer();

/** GET /api/oauth2 without following the redirect: the code in Location, or the status. */
async function authorize(clientId: string): Promise<{ status: number; code?: string }> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
  });
  const response = await fetch(`${real.airisk.url}/api/oauth2?${query.toString()}`, {
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  const code = location ? (new URL(location).searchParams.get('code') ?? undefined) : undefined;
  return { status: response.status, code };
}

/** POST /api/oauth2/Token with a code (form body, as the page's curl sample sends it). */
async function exchange(clientId: string, secret: string, code: string) {
  const response = await fetch(`${real.airisk.url}/api/oauth2/Token`, {
    method: 'POST',
    headers: { accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: clientId,
      client_secret: secret,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  return { status: response.status, ...body };
}

/** The whole flow: the token endpoint's status and, when 200, the token. */
async function tokenFor(clientId: string, secret: string) {
  const { status, code } = await authorize(clientId);
  expect(status, 'the authorization endpoint redirects with a code').toBe(302);
  return exchange(clientId, secret, code ?? '');
}

function listUsers(accessToken: string | undefined): Promise<Response> {
  return fetch(`${real.airisk.url}/api/Users/ListUsers`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
}

/** In the page: whether the element has the focus. */
function isFocused(element: unknown): boolean {
  return (
    element ===
    (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement
  );
}

/**
 * Empty when the page does not scroll sideways; otherwise what sticks out past the window's
 * right edge (outermost elements, described) to say why.
 */
async function tooWide(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth) {
      return [];
    }
    const wide = [...document.querySelectorAll('body *')].filter(
      (element) => element.getBoundingClientRect().right > window.innerWidth + 1,
    );
    return ['the page scrolls sideways'].concat(
      wide
        .filter((element) => !wide.includes(element.parentElement))
        .map((element) => element.tagName.toLowerCase() + '.' + [...element.classList].join('.') +
          ' ' + Math.round(element.getBoundingClientRect().right) + 'px'),
    );
  })()`);
}

describe('the API clients and Logs pages in a real browser', () => {
  test(
    'register a client, copy its secret, OAuth2 flow; rotate with a grace; disable; unlock; logs and CSV',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('admin-clients');
      const { page } = await signedInPage(real.browser, real.airisk, journal, '/admin/clients');
      await page.getByRole('heading', { name: 'API clients', level: 1 }).waitFor();
      await page.getByText('No API client is registered yet').waitFor();
      await journal.visit(page, 'api clients, none yet');

      // Register: the secret is shown once, focus on the panel that says so.
      await page.getByLabel('Name', { exact: true }).fill(APP);
      await page.getByLabel('Redirect URIs').fill(`${REDIRECT_URI}\nhttp://example.com/cb`);
      await page.getByText('http://example.com/cb is not encrypted').waitFor();
      await page.getByLabel('Redirect URIs').fill(`${REDIRECT_URI}\n${LOOPBACK_URI}`);
      await page.getByRole('button', { name: 'Register client' }).click();
      const panel = page.getByRole('region', { name: `“${APP}” is registered` });
      await panel.waitFor();
      await expect.poll(() => panel.getByRole('heading').evaluate(isFocused)).toBe(true);
      await panel.getByText('Copy the secret now: you will not see it again.').waitFor();
      await panel.getByRole('button', { name: 'Copy secret' }).click();
      await panel.getByText('Copied.').waitFor();
      const secret = await page.evaluate<string>('navigator.clipboard.readText()');
      expect(secret).toBe(await panel.getByLabel('Client secret').inputValue());
      expect(secret.length).toBeGreaterThanOrEqual(32);
      const clientId = await panel.getByLabel('Client ID').inputValue();
      const row = page.getByRole('row', { name: new RegExp(APP) });
      await row.getByText(REDIRECT_URI).waitFor();
      await row.getByText('Enabled').waitFor();
      await journal.visit(page, 'client registered, secret shown once');

      // The application's side, with the copied secret: a code, a token, the API.
      const first = await tokenFor(clientId, secret);
      expect(first.status, first.error).toBe(200);
      const users = await listUsers(first.access_token);
      expect(users.status).toBe(200);
      expect(JSON.stringify(await users.json())).toContain(CONSOLE_ADMIN.email);

      // The code samples carry this server, the client, its first redirect URI and the secret.
      const samples = page.getByRole('region', { name: 'Connect an application' });
      const curl = (await samples.getByLabel('curl (bash) sample').textContent()) ?? '';
      expect(curl).toContain(`API='${real.airisk.url}'`);
      expect(curl).toContain(`CLIENT_ID='${clientId}'`);
      expect(curl).toContain(`CLIENT_SECRET='${secret}'`);
      expect(curl).toContain(`REDIRECT_URI='${REDIRECT_URI}'`);
      await samples.getByText('Python (requests)').click();
      const python = (await samples.getByLabel('Python (requests) sample').textContent()) ?? '';
      expect(python).toContain('allow_redirects=False');
      expect(python).toContain(`CLIENT_SECRET = "${secret}"`);
      await journal.visit(page, 'code samples');
      await panel.getByRole('button', { name: 'I have stored the secret' }).click();
      await panel.waitFor({ state: 'detached' });

      // Rotate with a one-day grace: the old and the new secret both work meanwhile.
      await page.getByRole('button', { name: `Rotate secret of ${APP}` }).click();
      const rotate = page.getByRole('dialog', { name: `Rotate the secret of “${APP}”?` });
      await rotate.getByLabel('Grace period for the old secret').selectOption({ label: '1 day' });
      await journal.visit(page, 'rotate dialog');
      await rotate.getByRole('button', { name: 'Rotate secret' }).click();
      const rotated = page.getByRole('region', { name: `New secret for “${APP}”` });
      await rotated.getByText('The previous secret also works until').waitFor();
      const newSecret = await rotated.getByLabel('Client secret').inputValue();
      expect(newSecret).not.toBe(secret);
      await row.getByText('Previous secret works until').waitFor();
      await journal.visit(page, 'secret rotated with a grace period');
      const withOld = await tokenFor(clientId, secret);
      expect(withOld.status, 'the old secret during the grace').toBe(200);
      const withNew = await tokenFor(clientId, newSecret);
      expect(withNew.status, 'the new secret').toBe(200);
      await rotated.getByRole('button', { name: 'I have stored the secret' }).click();

      // Disable: a code got before fails at the token endpoint, and so does everything after.
      const pending = await authorize(clientId);
      await page.getByRole('button', { name: `Disable ${APP}` }).click();
      await page
        .getByRole('dialog', { name: `Disable “${APP}”?` })
        .getByRole('button', { name: 'Disable' })
        .click();
      await row.getByText('Disabled').waitFor();
      await journal.visit(page, 'client disabled');
      const refused = await exchange(clientId, newSecret, pending.code ?? '');
      expect(refused.status).toBe(401);
      expect(refused.error).toBe('invalid_client');
      expect((await authorize(clientId)).status).toBe(401);
      expect((await listUsers(withNew.access_token)).status).toBe(401);

      // Enabled again, then locked by wrong secrets: Unlock lifts the lock.
      await page.getByRole('button', { name: `Enable ${APP}` }).click();
      await row.getByText('Enabled').waitFor();
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const { code } = await authorize(clientId);
        expect((await exchange(clientId, 'not-the-secret', code ?? '')).status).toBe(401);
      }
      const locked = await exchange(clientId, newSecret, (await authorize(clientId)).code ?? '');
      expect(locked.status, 'a locked client is refused, even with its secret').toBe(401);
      await page.reload();
      await row.getByText('Locked until').waitFor();
      await journal.visit(page, 'client locked');
      await page.getByRole('button', { name: `Unlock ${APP}` }).click();
      await row.getByText('Locked until').waitFor({ state: 'detached' });
      expect((await tokenFor(clientId, newSecret)).status).toBe(200);

      // Edit: one more redirect URI. The secret is not shown again after a reload.
      await page.getByRole('button', { name: `Edit ${APP}` }).click();
      const edit = page.getByRole('region', { name: `Edit “${APP}”` });
      const editName = edit.getByLabel('Name', { exact: true });
      await expect.poll(() => editName.evaluate(isFocused)).toBe(true);
      await edit
        .getByLabel('Redirect URIs')
        .fill(`${REDIRECT_URI}\n${LOOPBACK_URI}\nhttps://reports.example.com/second`);
      await journal.visit(page, 'edit a client');
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await edit.waitFor({ state: 'detached' });
      await row.getByText('https://reports.example.com/second').waitFor();
      await page.getByRole('button', { name: `Code samples for ${APP}` }).click();
      const samplesHeading = samples.getByRole('heading', { name: 'Connect an application' });
      await expect.poll(() => samplesHeading.evaluate(isFocused)).toBe(true);
      expect(await samples.getByLabel('curl (bash) sample').textContent()).toContain(
        "CLIENT_SECRET='YOUR_CLIENT_SECRET'",
      );

      // Another client, deleted after a confirmation.
      await page.getByLabel('Name', { exact: true }).fill('Old app');
      await page.getByLabel('Redirect URIs').fill(REDIRECT_URI);
      await page.getByRole('button', { name: 'Register client' }).click();
      await page.getByRole('region', { name: '“Old app” is registered' }).waitFor();
      await page.getByRole('button', { name: 'Delete Old app' }).click();
      await page
        .getByRole('dialog', { name: 'Delete “Old app”?' })
        .getByRole('button', { name: 'Delete client' })
        .click();
      await page.getByRole('row', { name: /Old app/ }).waitFor({ state: 'detached' });
      expect(await page.getByRole('region', { name: '“Old app” is registered' }).count()).toBe(0);

      // At phone width the table scrolls inside its box, not the page.
      await page.setViewportSize(PHONE);
      await journal.visit(page, 'api clients on a phone');
      expect(await tooWide(page), 'nothing is wider than the phone').toEqual([]);
      await page.setViewportSize({ width: 1280, height: 800 });

      // The audit log has it all; filtered by the client, then exported.
      await page
        .getByRole('navigation', { name: 'Administration' })
        .getByRole('link', { name: 'Logs' })
        .click();
      await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
      const log = page.getByRole('table');
      await log.getByRole('rowheader').first().waitFor();
      await journal.visit(page, 'logs');
      const showOnly = async (event: string) => {
        await page.getByLabel('Event', { exact: true }).selectOption(event);
        await page.getByLabel('Client', { exact: true }).selectOption({ label: APP });
        await page.getByRole('button', { name: 'Show events' }).click();
        await page.waitForURL(
          (url) =>
            (url.searchParams.get('event') ?? '') === event &&
            url.searchParams.get('clientId') === clientId,
        );
      };
      const rows = log.locator('tbody tr');
      await showOnly('client_secret_rotated');
      await expect.poll(() => rows.count()).toBe(1);
      await rows.getByRole('rowheader', { name: /Client secret rotated/ }).waitFor();
      await rows.getByText('86400').waitFor();
      await journal.visit(page, 'logs, the rotation');
      await showOnly('client_created');
      await expect.poll(() => rows.count()).toBe(1);
      await rows.getByRole('rowheader', { name: /Client created/ }).waitFor();
      await showOnly('');
      await expect.poll(() => rows.count()).toBeGreaterThan(10);
      const clientCells = await log.locator('tbody tr td:nth-child(5)').allTextContents();
      expect(new Set(clientCells)).toEqual(new Set([APP]));
      await journal.visit(page, 'logs filtered by client');

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('airisk-audit-log.csv');
      const lines = readFileSync(await file.path(), 'utf8')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]).toBe(CSV_HEADER);
      const created = lines.find((line) => line.split(',')[1] === 'client_created');
      expect(created, 'the client_created row').toBeDefined();
      expect(created?.split(',')[4]).toBe(clientId);
      expect(lines.some((line) => line.split(',')[1] === 'client_secret_rotated')).toBe(true);
      expect(lines.slice(1).every((line) => line.split(',')[4] === clientId)).toBe(true);
      await page.getByText('Your browser saved airisk-audit-log.csv.').waitFor();
      await journal.visit(page, 'logs exported');

      await page.context().close();
      journal.expectNoProblems();
    },
  );

  test('a compliance officer reads the log, on a phone', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const journal = new Journal('admin-logs-compliance');
    const { page } = await signedInPage(real.browser, real.airisk, journal, '/admin/logs', {
      name: 'Carla Compliance',
      email: 'carla@example.com',
      password: 'Quarry-Lantern-Basil-Comet-27',
      roles: ['Compliance'],
    });
    await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Administration' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Logs', 'Compliance']);
    // May read the log but not list API clients: the client filter takes an ID as text.
    await page.getByLabel('Client ID').waitFor();
    await page.getByRole('table').getByRole('rowheader').first().waitFor();
    await page.getByLabel('Event', { exact: true }).selectOption('signed_in');
    await page.getByRole('button', { name: 'Show events' }).click();
    await page.waitForURL((url) => url.searchParams.get('event') === 'signed_in');
    await journal.visit(page, 'logs for compliance');
    await page.setViewportSize(PHONE);
    await journal.visit(page, 'logs on a phone', { dark: true });
    expect(await tooWide(page), 'nothing is wider than the phone').toEqual([]);
    await page.context().close();
    journal.expectNoProblems();
  });
});
