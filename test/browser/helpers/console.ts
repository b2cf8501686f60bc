import type { Browser, Page } from 'playwright-core';
import type { Role } from '../../../src/vocabulary/roles.ts';
import { invitedPerson, type Airisk } from './airisk.ts';
import type { Journal } from './browser.ts';

// A signed-in person in the admin console: invited with the CLI and roles, password set through
// the API, the session cookie put in a fresh browser context of the journal.

/** Every console person's password in the browser tests. */
export const CONSOLE_PASSWORD = 'Marmalade-Glacier-Violin-58';

export const CONSOLE_ADMIN = {
  name: 'Ada Admin',
  email: 'ada@example.com',
  password: CONSOLE_PASSWORD,
  roles: ['CompanyAdmin'] as Role[],
};

/** A person with only the Monitor role: dashboards and monitoring, not the rest of the console. */
export const CONSOLE_MONITOR = {
  name: 'Mo Monitor',
  email: 'mo@example.com',
  password: CONSOLE_PASSWORD,
  roles: ['Monitor'] as Role[],
};

export interface ConsolePerson {
  page: Page;
  userId: string;
}

/** Opens `path` (e.g. /admin/users) as a person with these roles, signed in. */
export async function signedInPage(
  browser: Browser,
  airisk: Airisk,
  journal: Journal,
  path: string,
  person: { name: string; email: string; password: string; roles: Role[] } = CONSOLE_ADMIN,
): Promise<ConsolePerson> {
  const { userId, cookie } = await invitedPerson(airisk, person);
  const context = await journal.newContext(browser, {
    // Clipboard reads let a test check what a copy button copied.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await context.addCookies([{ ...cookie, url: airisk.url }]);
  const page = await context.newPage();
  await page.goto(`${airisk.url}${path}`);
  return { page, userId };
}
