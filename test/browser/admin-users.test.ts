import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { demoAgent, withRealServer } from './helpers/airisk.ts';
import { Journal, PHONE } from './helpers/browser.ts';
import { signedInPage } from './helpers/console.ts';

// The admin console's Users and Groups pages in Debian's chromium against the real server: a
// CompanyAdmin searches the users, edits one (roles, a group, agents, a reset link), runs into
// the last-admin rule on their own account, imports a CSV file with a bad line and pages through
// the result, then creates, renames, fills and deletes a group. Every page visited is saved under
// test-results/screenshots/admin-users/ and checked with axe-core.

const FLOW_TIMEOUT_MS = 150_000;

const LAST_ADMIN_RULE =
  'The last enabled company administrator cannot be demoted, disabled or deleted: make someone else an administrator first.';

// 52 good lines and one bad one (line 3): with the two people already there, 54 users, more
// than one page of 50.
const FILLER = Array.from(
  { length: 50 },
  (_, i) => `staff-${String(i + 1).padStart(2, '0')}@example.com,Staff ${i + 1},,`,
);
const CSV = [
  'email,name,roles,groups',
  'lin@example.com,Lin Ma,User,Support',
  'bo.example.com,Bo Bad,User,',
  'kai@example.com,Kai Sun,User;Monitor,Support',
  ...FILLER,
  '',
].join('\n');

const real = withRealServer();

describe('the admin console: users and groups', () => {
  test(
    'search, edit a user, the last-admin rule, CSV import, groups, a phone',
    { timeout: FLOW_TIMEOUT_MS },
    async () => {
      const journal = new Journal('admin-users');
      const agent = await demoAgent(real.airisk, 'Policy helper');
      await real.airisk.cli([
        'users',
        'create',
        '--email',
        'grace@example.com',
        '--name',
        'Grace Hopper',
      ]);
      await real.airisk.cli(['groups', 'create', '--name', 'Finance']);
      const { page, userId } = await signedInPage(
        real.browser,
        real.airisk,
        journal,
        '/admin/users',
      );

      // The list, then a search that a reload keeps.
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      const users = page.getByRole('table', { name: /^Users/ });
      await users.getByRole('link', { name: 'grace@example.com' }).waitFor();
      await journal.visit(page, 'users list', { dark: true });
      await page.getByRole('searchbox', { name: 'Search users' }).fill('grace');
      await page.waitForURL(/[?&]q=grace/);
      await page.getByRole('table', { name: 'Users matching “grace”' }).waitFor();
      expect(await users.getByRole('link', { name: 'ada@example.com' }).count()).toBe(0);
      await page.reload();
      await page.getByRole('table', { name: 'Users matching “grace”' }).waitFor();
      expect(await page.getByRole('searchbox', { name: 'Search users' }).inputValue()).toBe(
        'grace',
      );
      await journal.visit(page, 'users search');

      // One user: roles, a group, an agent, the default agent, a reset link.
      await page.getByRole('link', { name: 'grace@example.com' }).click();
      await page.getByRole('heading', { name: 'Grace Hopper', level: 1 }).waitFor();
      await journal.visit(page, 'user page');
      await page.getByRole('checkbox', { name: 'Monitor' }).check();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Changes saved.').waitFor();
      const [grace] = await real.airisk.cli<{ id: string; roles: string[] }[]>([
        'users',
        'list',
        '--search',
        'grace',
      ]);
      expect(grace?.roles.sort()).toEqual(['Monitor', 'User']);

      await page.getByLabel('Add to group').selectOption({ label: 'Finance' });
      await page.getByRole('button', { name: 'Add to group' }).click();
      await page
        .getByRole('list', { name: 'Groups of this person' })
        .getByRole('link', { name: 'Finance' })
        .waitFor();
      await page.getByLabel('Assign an agent').selectOption({ label: 'Policy helper' });
      await page.getByRole('button', { name: 'Assign agent' }).click();
      await page
        .getByRole('list', { name: 'Agents assigned directly' })
        .getByRole('link', { name: 'Policy helper' })
        .waitFor();
      await page.getByLabel('Choose the default agent').selectOption({ label: 'Policy helper' });
      await page.getByRole('button', { name: 'Set default agent' }).click();
      await page.getByText('Policy helper is now their default agent.').waitFor();
      // The page reads the default agent back from the user (GetUser's defaultAgentId).
      await page.getByText('Now: Policy helper').waitFor();
      const agents = await real.airisk.cli<{ id: string; userIds: string[] }[]>(['agents', 'list']);
      expect(agents.find((one) => one.id === agent.id)?.userIds).toContain(grace?.id);

      await page.getByRole('button', { name: 'Create password reset link' }).click();
      const resetLink = page.getByLabel('Password reset link');
      await resetLink.waitFor();
      expect(await resetLink.inputValue()).toMatch(`${real.airisk.url}/reset#token=`);
      await journal.visit(page, 'user edited');

      // The last administrator cannot demote themselves: the page says so before and after.
      await page.goto(`${real.airisk.url}/admin/users/${userId}`);
      await page.getByRole('heading', { name: 'Ada Admin', level: 1 }).waitFor();
      expect(await page.getByText(LAST_ADMIN_RULE).count()).toBeGreaterThan(0);
      await page.getByRole('checkbox', { name: 'Company administrator' }).uncheck();
      await page.getByText('You are taking away your own administrator role').waitFor();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page
        .getByRole('alert')
        .getByText('This is the last enabled CompanyAdmin: make another user CompanyAdmin first')
        .waitFor();
      await journal.visit(page, 'last admin refused');

      // A CSV file with one bad line: that line is named, the others are imported.
      await page.getByRole('link', { name: 'All users' }).click();
      await page.getByRole('button', { name: 'Import from CSV' }).click();
      await page.getByRole('heading', { name: 'Import users from a CSV file' }).waitFor();
      await journal.visit(page, 'import form');
      await page.getByLabel('CSV file', { exact: true }).setInputFiles({
        name: 'people.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(CSV),
      });
      await page.getByRole('checkbox', { name: 'Invite each new person' }).uncheck();
      await page.getByRole('button', { name: 'Import users' }).click();
      await page.getByRole('alert').getByText('52 imported, 1 failed.').waitFor();
      expect(await focusedText(page), 'the keyboard is on the outcome').toMatch(/^52 imported/);
      const failed = page.getByRole('table', { name: 'Lines not imported' });
      const badLine = failed.getByRole('row', { name: /Line 3/ });
      await badLine.getByText('bo.example.com', { exact: true }).waitFor();
      await badLine.getByText('"bo.example.com" is not a valid email address').waitFor();
      await page.getByText('Groups created: Support.').waitFor();
      await users.getByRole('link', { name: 'lin@example.com' }).waitFor();
      await users.getByRole('link', { name: 'kai@example.com' }).waitFor();
      await journal.visit(page, 'import with a failed line');

      // 54 users: the second page follows the Link header's cursor, kept in the URL.
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.waitForURL(/[?&]after=/);
      await users.getByRole('link', { name: 'staff-50@example.com' }).waitFor();
      expect(await users.getByRole('link', { name: 'ada@example.com' }).count()).toBe(0);
      await page.reload();
      await users.getByRole('link', { name: 'staff-50@example.com' }).waitFor();
      await journal.visit(page, 'users page 2');
      await page.getByRole('button', { name: 'First page' }).click();
      await users.getByRole('link', { name: 'ada@example.com' }).waitFor();

      // Deleting someone asks first, then the list says so.
      await users.getByRole('link', { name: 'staff-01@example.com' }).click();
      await page.getByRole('heading', { name: 'Staff 1', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Delete account' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete staff-01@example.com?' });
      await dialog.getByText('To keep those, disable the account instead.').waitFor();
      await dialog.getByRole('button', { name: 'Delete account' }).click();
      await page.waitForURL(/\/admin\/users$/);
      await page.getByText('staff-01@example.com is deleted.').waitFor();
      expect(await users.getByRole('link', { name: 'staff-01@example.com' }).count()).toBe(0);

      await groupsFlow(page, journal);

      // A phone: the list and a user's page fit its width (tables scroll in their box).
      await page.setViewportSize(PHONE);
      await page.goto(`${real.airisk.url}/admin/users`);
      await users.getByRole('link', { name: 'ada@example.com' }).waitFor();
      await journal.visit(page, 'users list on a phone', { dark: true });
      expect(await overflow(page), 'nothing is wider than the phone').toBeLessThanOrEqual(0);
      await page.goto(`${real.airisk.url}/admin/users/${grace?.id}`);
      await page.getByRole('heading', { name: 'Grace Hopper', level: 1 }).waitFor();
      await journal.visit(page, 'user page on a phone');
      expect(await overflow(page), 'nothing is wider than the phone').toBeLessThanOrEqual(0);

      await page.context().close();
      journal.expectNoProblems();
    },
  );
});

/** Groups: the list, create, rename (and a taken name), a member, an agent, delete. */
async function groupsFlow(page: Page, journal: Journal): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Groups' })
    .click();
  await page.getByRole('heading', { name: 'Groups', level: 1 }).waitFor();
  const groups = page.getByRole('table', { name: 'Groups, by name' });
  await groups.getByRole('row', { name: /Finance.*1/ }).waitFor();
  await groups.getByRole('row', { name: /Support.*2/ }).waitFor();
  await journal.visit(page, 'groups list');

  await page.getByLabel('Group name').fill('Legal');
  await page.getByLabel('Description (optional)').fill('Contracts and disputes');
  await page.getByRole('button', { name: 'Create group' }).click();
  await page.getByRole('heading', { name: 'Legal', level: 1 }).waitFor();
  await page.getByText('Add its members and agents below.').waitFor();
  await journal.visit(page, 'group created');

  const name = page.getByLabel('Group name');
  await name.fill('finance');
  await page.getByRole('button', { name: 'Rename group' }).click();
  await page.getByRole('alert').waitFor();
  expect(await page.getByRole('alert').textContent()).toMatch(/finance/i);
  await name.fill('Legal and compliance');
  await page.getByRole('button', { name: 'Rename group' }).click();
  await page.getByRole('heading', { name: 'Legal and compliance', level: 1 }).waitFor();
  await page.getByText('The group is renamed.').waitFor();

  await page.getByRole('searchbox', { name: 'Find people' }).fill('grace');
  await page.getByRole('button', { name: 'Add grace@example.com to the group' }).click();
  const members = page.getByRole('table', { name: '1 member' });
  await members.getByRole('link', { name: 'grace@example.com' }).waitFor();
  await page.getByText('grace@example.com is now a member.').waitFor();
  await page.getByLabel('Assign an agent').selectOption({ label: 'Policy helper' });
  await page.getByRole('button', { name: 'Assign agent' }).click();
  await page
    .getByRole('list', { name: 'Agents assigned to this group' })
    .getByRole('link', { name: 'Policy helper' })
    .waitFor();
  await journal.visit(page, 'group with a member and an agent');

  await page.getByRole('button', { name: 'Delete group' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete the group Legal and compliance?' });
  await dialog.getByText('Its users stay').waitFor();
  await journal.visit(page, 'delete group confirmation');
  await dialog.getByRole('button', { name: 'Delete group' }).click();
  await page.waitForURL(/\/admin\/groups$/);
  await page.getByText('is deleted. Its members stay.').waitFor();
  expect(await groups.getByRole('link', { name: 'Legal and compliance' }).count()).toBe(0);
  await journal.visit(page, 'group deleted');
}

/** How far the page is wider than the window, in CSS pixels. */
function overflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/** The text of the element that has the focus. */
function focusedText(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement?.textContent ?? ""');
}
