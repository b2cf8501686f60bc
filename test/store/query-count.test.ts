import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/kysely-store.ts';
import type { GroupRecord, Store } from '../../src/store/store.ts';
import { isolatedDatabase, isPostgres, type IsolatedDatabase } from '../helpers/test-store.ts';

// DatabaseOptions.onQuery (the benchmarks' statement count): called once for every statement
// sent to the database, transaction control included, on whichever store the suite runs.

const NOW = 1_700_000_000;

let database: IsolatedDatabase | undefined;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  await database?.drop();
  store = undefined;
  database = undefined;
});

/** A migrated store whose statements are counted from here on (the migrations' are not). */
async function countingStore(): Promise<{ store: Store; statements: () => number }> {
  database = await isolatedDatabase();
  let count = 0;
  store = await openStore(database.url, {
    searchPath: database.searchPath,
    onQuery: () => {
      count += 1;
    },
  });
  const start = count;
  return { store, statements: () => count - start };
}

/** Statements `work` sends. */
async function counted(statements: () => number, work: () => Promise<unknown>): Promise<number> {
  const before = statements();
  await work();
  return statements() - before;
}

function aGroup(id: string): GroupRecord {
  return { id, name: `Group ${id}`, description: '', createdAt: NOW };
}

describe(`onQuery${isPostgres ? ' (PostgreSQL)' : ' (SQLite)'}`, () => {
  it('counts one statement for a plain read and one for a plain write', async () => {
    const { store, statements } = await countingStore();
    expect(await counted(statements, () => store.groups.insert(aGroup('g1')))).toBe(1);
    let found: GroupRecord | undefined;
    expect(
      await counted(statements, async () => {
        found = await store.groups.findById('g1');
      }),
    ).toBe(1);
    expect(found?.id).toBe('g1');
    expect(await counted(statements, () => store.users.findById('nobody'))).toBe(1);
  });

  it('counts a transaction of two statements as four: begin, the two, commit', async () => {
    const { store, statements } = await countingStore();
    const sent = await counted(statements, () =>
      store.transaction(async (inside) => {
        await inside.groups.insert(aGroup('g1'));
        await inside.groups.insert(aGroup('g2'));
      }),
    );
    expect(sent).toBe(4);
    // Both committed.
    expect((await store.groups.findById('g2'))?.id).toBe('g2');
  });

  it('counts a failed transaction as begin, its statements and rollback', async () => {
    const { store, statements } = await countingStore();
    const sent = await counted(statements, () =>
      store
        .transaction(async (inside) => {
          await inside.groups.insert(aGroup('g1'));
          throw new Error('changed my mind');
        })
        .catch(() => undefined),
    );
    expect(sent).toBe(3);
    expect(await store.groups.findById('g1')).toBeUndefined();
  });
});
