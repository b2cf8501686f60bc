import { deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { withRealServer } from './helpers/airisk.ts';
import { Journal, PHONE } from './helpers/browser.ts';
import { CONSOLE_ADMIN, signedInPage } from './helpers/console.ts';

// The admin console's Scanner defaults and Company pages in Debian's chromium, against the real
// server: the "Try it" box redacts an email address, a regex pattern is saved and kept, a pattern
// that does not compile gets the server's error beside it; the company's name and logo show in
// the header and on the sign-in page, and a test mail goes through the mail server set on the
// page (the test's SMTP sink).

const FLOW_TIMEOUT_MS = 120_000;
const EMAIL_IN_PROMPT = 'jane.doe@example.org';
const COMPANY = 'Example Corp';

const real = withRealServer();

/** A small PNG (48×24, two colour bands), built with zlib: a logo the server's sniffing accepts. */
function smallPng(): Buffer {
  const width = 48;
  const height = 24;
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) {
      const left = x < width / 2;
      rows.set(left ? [0x1f, 0x5f, 0xbf] : [0xff, 0x9f, 0x1a], row + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** How many pixels wide the image loaded (0 until it has). */
function naturalWidth(image: unknown): number {
  return (image as { naturalWidth: number }).naturalWidth;
}

/** Opens one scanner's part of the editor (a disclosure, closed at first). */
async function openScanner(page: Page, label: string) {
  const scanner = page.locator('details.scanner', {
    has: page.locator('summary', { hasText: label }),
  });
  if ((await scanner.getAttribute('open')) === null) {
    await scanner.locator('summary').click();
  }
  return scanner;
}

describe('the admin console: scanner defaults and company settings', () => {
  test(
    'scanner defaults: try a prompt, keep a regex pattern, see a bad one refused beside it',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('admin-scanner-defaults');
      const { page } = await signedInPage(real.browser, real.airisk, journal, '/admin/scanners');
      await page.getByRole('heading', { name: 'Scanner defaults', level: 1 }).waitFor();
      await journal.visit(page, 'scanner defaults');

      // Try it: the email address is redacted by the personal information scanner.
      const prompt = `Please write to ${EMAIL_IN_PROMPT} about the renewal.`;
      await page.getByLabel('Text to scan').fill(prompt);
      await page.getByRole('button', { name: 'Scan the text' }).click();
      const report = page.locator('.scan-report');
      await report.getByText('Verdict:').waitFor();
      const row = report.getByRole('row', { name: /Personal information/ });
      await expect.poll(() => row.getByText('Redact', { exact: true }).count()).toBe(1);
      await row.getByText('Email address').waitFor();
      expect(await report.locator('mark').allTextContents()).toEqual([EMAIL_IN_PROMPT]);
      const reportText = (await report.textContent()) ?? '';
      expect(reportText.split(EMAIL_IN_PROMPT).length - 1, 'the address shown once').toBe(1);
      expect(reportText).toContain('[EMAIL_1]');
      await journal.visit(page, 'try it, email redacted');

      // A company pattern, saved and kept.
      let regex = await openScanner(page, 'Company patterns');
      await regex.getByRole('button', { name: 'Add a pattern' }).click();
      await regex.getByLabel('Name').fill('Project code');
      await regex.getByLabel('Regular expression').fill('PRJ-[0-9]{4}');
      await page.getByText('1 unsaved change.').waitFor();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Saved. The agents use the new defaults.').waitFor();
      await page.reload();
      regex = await openScanner(page, 'Company patterns');
      expect(await regex.getByLabel('Name').inputValue()).toBe('Project code');
      expect(await regex.getByLabel('Regular expression').inputValue()).toBe('PRJ-[0-9]{4}');
      await journal.visit(page, 'regex pattern kept');

      // The pattern now blocks a prompt that names a project.
      await page.getByLabel('Text to scan').fill('Status of PRJ-1234, please.');
      await page.getByRole('button', { name: 'Scan the text' }).click();
      const regexRow = report.getByRole('row', { name: /Company patterns/ });
      await regexRow.getByText('Pattern "Project code"').waitFor();
      await expect.poll(() => regexRow.getByText('Block', { exact: true }).count()).toBe(1);

      // A pattern that does not compile: the server's error beside that pattern.
      await regex.getByRole('button', { name: 'Add a pattern' }).click();
      const second = regex.getByRole('group', { name: 'Pattern 2' });
      await second.getByLabel('Name').fill('Broken');
      await second.getByLabel('Regular expression').fill('ticket-(open');
      await page.getByRole('button', { name: 'Save changes' }).click();
      const fieldError = second.locator('.field-error');
      await fieldError.waitFor();
      expect(await fieldError.textContent()).toMatch(
        /regex\.settings\.patterns\[1\]\.pattern is not a valid RE2 pattern/,
      );
      expect(await second.getByLabel('Regular expression').getAttribute('aria-invalid')).toBe(
        'true',
      );
      await page
        .getByRole('alert')
        .getByText(/Not saved: Company patterns/)
        .waitFor();
      await journal.visit(page, 'bad regex refused');

      // Every scanner open: each kind of setting has its control (and passes axe).
      await page.getByRole('button', { name: 'Discard changes' }).click();
      await page.getByText('No unsaved changes.').waitFor();
      const closed = page.locator('details.scanner:not([open]) > summary');
      while ((await closed.count()) > 0) {
        await closed.first().click();
      }
      await page.getByLabel('Allowed countries').waitFor();
      await page.getByRole('group', { name: 'Look for' }).first().waitFor();
      await page.getByRole('button', { name: 'Add a topic to banned topics' }).click();
      await journal.visit(page, 'every scanner open');

      // The same page on a phone.
      await page.getByRole('button', { name: 'Discard changes' }).click();
      await page.setViewportSize(PHONE);
      await page.getByText('No unsaved changes.').waitFor();
      await journal.visit(page, 'scanner defaults on a phone');
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow, 'nothing is wider than the phone').toBeLessThanOrEqual(0);

      await page.context().close();
      journal.expectNoProblems();
    },
  );

  test(
    'company: name and logo in the header and on the sign-in page, a test mail over SMTP',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('admin-company');
      const admin = { ...CONSOLE_ADMIN, name: 'Cora Admin', email: 'cora@example.com' };
      const { page } = await signedInPage(
        real.browser,
        real.airisk,
        journal,
        '/admin/company',
        admin,
      );
      await page.getByRole('heading', { name: 'Company', level: 1 }).waitFor();
      const brand = page.getByRole('banner').getByRole('link').first();
      expect(await brand.textContent()).toBe('AIRisk');
      await journal.visit(page, 'company settings');

      // The name, then the logo: both in the header.
      await page.getByLabel('Company name').fill(COMPANY);
      await page.getByRole('button', { name: 'Save name' }).click();
      await page.getByText('The name is saved.').waitFor();
      await brand.getByText(COMPANY).waitFor();
      await page.getByLabel('Logo image').setInputFiles({
        name: 'logo.png',
        mimeType: 'image/png',
        buffer: smallPng(),
      });
      await page.getByRole('img', { name: 'The chosen image' }).waitFor();
      await page.getByRole('button', { name: 'Upload logo' }).click();
      await page.getByText('The new logo is saved.').waitFor();
      const headerLogo = brand.getByRole('img', { name: COMPANY });
      await headerLogo.waitFor();
      await expect.poll(() => headerLogo.evaluate(naturalWidth)).toBe(48);
      await journal.visit(page, 'name and logo saved');

      // The mail server: the test's SMTP sink, set on the page; then a test mail through it.
      const sink = new URL(real.mailbox.url);
      await page.getByText('Source: environment.').waitFor();
      await page.getByLabel('Host').fill(sink.hostname);
      await page.getByLabel('Port').fill(sink.port);
      await page.getByLabel('Security').selectOption('none');
      await page.getByLabel('From', { exact: true }).fill(`${COMPANY} <airisk@example.com>`);
      await page.getByRole('button', { name: 'Save mail server' }).click();
      await page.getByText('Mail server settings saved.').waitFor();
      await page.getByText('Source: these settings.').waitFor();
      const before = real.mailbox.received.length;
      await page.getByRole('button', { name: 'Send test mail' }).click();
      await page.getByText(`Sent to ${admin.email}.`).waitFor();
      await expect.poll(() => real.mailbox.received.length).toBeGreaterThan(before);
      const mail = real.mailbox.received[before];
      expect(mail?.envelopeTo).toEqual([admin.email]);
      expect(mail?.headers.get('from')).toContain(COMPANY);
      await journal.visit(page, 'test mail sent', { dark: true });

      // The sign-in page shows the company too.
      const visitor = await (await journal.newContext(real.browser)).newPage();
      await visitor.goto(`${real.airisk.url}/signin`);
      await visitor.getByRole('heading', { name: 'Sign in to AIRisk' }).waitFor();
      const signInLogo = visitor.getByRole('banner').getByRole('img', { name: COMPANY });
      await expect.poll(() => signInLogo.evaluate(naturalWidth)).toBe(48);
      await visitor.getByRole('banner').getByText(COMPANY).waitFor();
      await journal.visit(visitor, 'sign-in page with the company');

      await visitor.context().close();
      await page.context().close();
      journal.expectNoProblems();
    },
  );
});
