import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { ValidationError } from '../../src/lib/errors.ts';
import { createGroup } from '../../src/groups/groups.ts';
import { createUser } from '../../src/users/users.ts';
import {
  importUsers,
  importUsersFromCsv,
  type ImportProgress,
  type ImportRow,
} from '../../src/users/import-users.ts';
import { openTestStore } from '../helpers/test-store.ts';
import { TestClock } from '../helpers/test-app.ts';

// importUsers / importUsersFromCsv on the real Store (SQLite, and PostgreSQL when configured):
// what each row becomes in the database, and which rows fail with which line.

const NOW = 1_700_000_000;

/** Rows as a file would give them: the header is line 1, so data starts on line 2. */
function rows(...cells: [email: string, name: string, roles?: string, groups?: string][]) {
  return cells.map(([email, name, roles = '', groups = ''], i): ImportRow => ({
    line: i + 2,
    fields: { email, name, roles, groups },
  }));
}

describe('importUsers', () => {
  let store: Store;
  let close: () => Promise<void>;
  const clock = new TestClock(NOW);
  beforeEach(async () => {
    ({ store, close } = await openTestStore());
  });
  afterEach(() => close());

  /** Every user by email, with its roles and the names of its groups. */
  async function usersInDatabase() {
    const users = await store.users.list({ limit: 1000, offset: 0 });
    const groupIds = await store.groups.groupIdsOfUsers(users.map((u) => u.id));
    const groups = await store.groups.list({ limit: 1000, offset: 0 });
    const nameOf = (id: string) => groups.find((g) => g.id === id)?.name;
    return users.map((u) => ({
      email: u.email,
      name: u.name,
      roles: u.roles,
      groups: (groupIds.get(u.id) ?? []).map(nameOf).sort(),
      disabled: u.disabledAt !== null,
    }));
  }

  it('imports every row over several batches, creating missing groups once', async () => {
    const existing = await createGroup({ store, clock }, { name: 'Finance' });
    const progress: ImportProgress[] = [];
    const report = await importUsers(
      { store, clock },
      rows(
        ['ada@example.com', 'Ada', 'CompanyAdmin;Monitor', 'finance|Ops'],
        ['bob@example.com', ' Bob ', '', 'ops'],
        ['carol@example.com', 'Carol', 'Compliance | User', ''],
        ['dan@example.com', 'Dan', 'User', 'Research; OPS ;research'],
        ['eve@example.com', 'Eve'],
      ),
      { batchSize: 2, onProgress: (p) => progress.push(p) },
    );

    expect(report).toEqual({ imported: 5, failed: [], groupsCreated: ['Ops', 'Research'] });
    expect(progress).toEqual([
      { processed: 2, imported: 2 },
      { processed: 4, imported: 4 },
      { processed: 5, imported: 5 },
    ]);
    expect(await usersInDatabase()).toEqual([
      {
        email: 'ada@example.com',
        name: 'Ada',
        roles: ['CompanyAdmin', 'Monitor'],
        groups: ['Finance', 'Ops'],
        disabled: false,
      },
      { email: 'bob@example.com', name: 'Bob', roles: ['User'], groups: ['Ops'], disabled: false },
      {
        email: 'carol@example.com',
        name: 'Carol',
        roles: ['Compliance', 'User'],
        groups: [],
        disabled: false,
      },
      {
        email: 'dan@example.com',
        name: 'Dan',
        roles: ['User'],
        groups: ['Ops', 'Research'],
        disabled: false,
      },
      { email: 'eve@example.com', name: 'Eve', roles: ['User'], groups: [], disabled: false },
    ]);
    const groups = await store.groups.list({ limit: 10, offset: 0 });
    expect(groups.map((g) => [g.name, g.memberCount])).toEqual([
      ['Finance', 1],
      ['Ops', 3],
      ['Research', 1],
    ]);
    expect(groups.find((g) => g.name === 'Finance')?.id).toBe(existing.id);
  });

  it('fails each bad row with its line and imports the rest of its batch', async () => {
    await createUser({ store, clock }, { email: 'Taken@Example.com', name: 'Taken' });
    const report = await importUsers(
      { store, clock },
      [
        ...rows(
          ['ok1@example.com', 'One', '', 'Team'],
          ['not-an-email', 'Bad email'],
          ['ok2@example.com', 'Two'],
          ['wizard@example.com', 'Wiz', 'User;Wizard', 'Ghosts'],
          ['taken@example.COM', 'Already there'],
          ['OK1@example.com', 'Duplicate in file'],
          ['noname@example.com', '   '],
          ['longgroup@example.com', 'Long', '', 'x'.repeat(201)],
          ['ok3@example.com', 'Three', 'Monitor', 'team'],
        ),
        { line: 11, fields: { email: 'short@example.com' }, unreadable: 'Expected 4 fields' },
      ],
      { batchSize: 2 },
    );

    expect(report.imported).toBe(3);
    expect(report.groupsCreated).toEqual(['Team']);
    expect(report.failed).toEqual([
      { line: 3, email: 'not-an-email', error: '"not-an-email" is not a valid email address' },
      {
        line: 5,
        email: 'wizard@example.com',
        error: expect.stringMatching(/Unknown role "Wizard"/),
      },
      { line: 6, email: 'taken@example.COM', error: 'A user with this email already exists' },
      { line: 7, email: 'OK1@example.com', error: 'Duplicate email: line 2 has it too' },
      { line: 8, email: 'noname@example.com', error: 'name must be 1 to 200 characters' },
      {
        line: 9,
        email: 'longgroup@example.com',
        error: 'A group name must be 1 to 200 characters',
      },
      { line: 11, email: 'short@example.com', error: 'Expected 4 fields' },
    ]);
    expect((await usersInDatabase()).map((u) => [u.email, u.groups])).toEqual([
      ['ok1@example.com', ['Team']],
      ['ok2@example.com', []],
      ['ok3@example.com', ['Team']],
      ['Taken@Example.com', []],
    ]);
    // A failed row creates none of its groups.
    expect((await store.groups.list({ limit: 10, offset: 0 })).map((g) => g.name)).toEqual([
      'Team',
    ]);
  });

  it('retries a batch row by row when a user appeared after the email check', async () => {
    await createUser({ store, clock }, { email: 'racer@example.com', name: 'Racer' });
    // A store whose scan misses the user, as if it were created concurrently after the scan.
    const blind: Store = { ...store, users: { ...store.users, list: async () => [] } };
    const report = await importUsers(
      { store: blind, clock },
      rows(
        ['first@example.com', 'First', '', 'Fresh'],
        ['racer@example.com', 'Late racer', '', 'Fresh'],
        ['third@example.com', 'Third', '', 'Fresh'],
      ),
      { batchSize: 3 },
    );

    expect(report).toEqual({
      imported: 2,
      failed: [
        {
          line: 3,
          email: 'racer@example.com',
          error: expect.stringMatching(/already exists/),
        },
      ],
      groupsCreated: ['Fresh'],
    });
    expect((await usersInDatabase()).map((u) => [u.email, u.name, u.groups])).toEqual([
      ['first@example.com', 'First', ['Fresh']],
      ['racer@example.com', 'Racer', []],
      ['third@example.com', 'Third', ['Fresh']],
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses batch size %s', async (batchSize) => {
    await expect(
      importUsers({ store, clock }, rows(['a@example.com', 'A']), { batchSize }),
    ).rejects.toThrow(ValidationError);
    expect(await usersInDatabase()).toEqual([]);
  });

  describe('importUsersFromCsv', () => {
    const csv = (text: string) => Readable.from([Buffer.from(text)]);

    it('reads quoted fields, a BOM and blank lines, reporting the lines rows start on', async () => {
      const report = await importUsersFromCsv(
        { store, clock },
        csv(
          '\ufeffName,EMAIL,groups\r\n' +
            '"Smith, Ann",ann@example.com,"Sales|""Quoted"""\r\n' +
            '\r\n' +
            '"Multi\nLine",bad-email,\r\n' +
            'Zed,zed@example.com,\r\n' +
            'Short,short@example.com\r\n',
        ),
      );

      expect(report).toEqual({
        imported: 2,
        failed: [
          { line: 4, email: 'bad-email', error: expect.stringMatching(/not a valid email/) },
          {
            line: 7,
            email: 'short@example.com',
            error: 'Expected 3 fields as in the header, found 2',
          },
        ],
        groupsCreated: ['Sales', '"Quoted"'],
      });
      expect(await usersInDatabase()).toMatchObject([
        { email: 'ann@example.com', name: 'Smith, Ann', groups: ['"Quoted"', 'Sales'] },
        { email: 'zed@example.com', name: 'Zed', roles: ['User'] },
      ]);
    });

    it.each([
      { problem: 'a misnamed column', text: 'email,fullname,roles\na@example.com,A,User\n' },
      { problem: 'a missing email column', text: 'name,roles\nA,User\n' },
      { problem: 'a repeated column', text: 'email,name,name\na@example.com,A,B\n' },
      { problem: 'no header (data first)', text: 'a@example.com,A,User,\n' },
      { problem: 'an empty file', text: '' },
    ])('refuses $problem, naming the expected columns', async ({ text }) => {
      await expect(importUsersFromCsv({ store, clock }, csv(text))).rejects.toThrow(
        /header "email,name,roles,groups"/,
      );
      expect(await usersInDatabase()).toEqual([]);
    });

    it.each([
      {
        problem: 'a quote left open',
        bad: 'bad@example.com,"Open quote',
        error: /Quote Not Closed/,
      },
      { problem: 'a stray quote', bad: 'b"ad@example.com,Stray', error: /Invalid Opening Quote/ },
    ])('stops at $problem, keeping the rows before it', async ({ bad, error }) => {
      const report = await importUsersFromCsv(
        { store, clock },
        csv(`email,name\nok@example.com,Ok\n${bad}\nlost@example.com,Lost\n`),
        { batchSize: 10 },
      );

      expect(report).toEqual({
        imported: 1,
        failed: [{ line: 3, error: expect.stringMatching(/^Malformed CSV/) }],
        groupsCreated: [],
      });
      expect(report.failed[0]?.error).toMatch(error);
      expect(report.failed[0]?.error).toMatch(/the rest of the file was not read$/);
      expect((await usersInDatabase()).map((u) => u.email)).toEqual(['ok@example.com']);
    });

    it('surfaces a read error of the stream itself', async () => {
      const failing = new Readable({
        read() {
          this.destroy(new Error('disk on fire'));
        },
      });
      await expect(importUsersFromCsv({ store, clock }, failing)).rejects.toThrow('disk on fire');
    });
  });
});
