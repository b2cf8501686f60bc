import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/store/database.ts';
import { openStore } from '../../src/store/kysely-store.ts';
import type { Store } from '../../src/store/store.ts';
import { isPostgres } from '../helpers/test-store.ts';

// DatabaseOptions.backgroundCheckpoints (what main.ts runs): a worker thread with a connection of
// its own copies the WAL back into the database file, so no request's commit has to; the app's
// own connection only does so past a far higher threshold. SQLite files only.

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER_INTERVAL_MS = 250;
const DEADLINE_MS = 5000;
const ROUNDS = 20;
const KEYS_PER_ROUND = 100;

let folder: string | undefined;
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) {
    await store.close();
  }
  if (folder) {
    rmSync(folder, { recursive: true, force: true });
  }
  folder = undefined;
});

function aFile(name = 'airisk.db'): string {
  folder ??= mkdtempSync(join(tmpdir(), 'airisk-checkpoints-'));
  return join(folder, name);
}

async function storeAt(file: string, backgroundCheckpoints: boolean): Promise<Store> {
  const store = await openStore(`sqlite:${file}`, { backgroundCheckpoints });
  opened.push(store);
  return store;
}

/**
 * Writes that stay well below SQLite's default autocheckpoint (1,000 WAL frames: about 170 here),
 * so that without the worker nothing copies them back before the connection closes.
 */
async function write(store: Store, round: string): Promise<void> {
  for (let i = 0; i < ROUNDS; i += 1) {
    const keys = Array.from({ length: KEYS_PER_ROUND }, (_, k) => `${round}-${i}-${k}`);
    await store.rateLimits.hit(keys, 60);
  }
}

/**
 * Rows of `round` in the database file itself, as a copy without its WAL reads it: what has been
 * checkpointed. Undefined while the copy is unreadable (caught mid-checkpoint, or no table yet).
 */
function checkpointedRows(file: string, round: string): number | undefined {
  const copy = `${file}.copy`;
  copyFileSync(file, copy);
  try {
    const sqlite = new BetterSqlite3(copy, { readonly: true });
    try {
      const row = sqlite
        .prepare('select count(*) as n from rate_limit_counters where key like ?')
        .get(`${round}-%`) as { n: number };
      return row.n;
    } finally {
      sqlite.close();
    }
  } catch {
    return undefined;
  } finally {
    rmSync(copy, { force: true });
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`not within ${DEADLINE_MS} ms: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const allRows = ROUNDS * KEYS_PER_ROUND;

describe.skipIf(isPostgres)('background checkpoints', () => {
  it('copy the WAL into the database file without the app doing it; without them it stays in the WAL', async () => {
    const withWorker = await storeAt(aFile('with.db'), true);
    const without = await storeAt(aFile('without.db'), false);
    await write(withWorker, 'first');
    await write(without, 'first');
    // Both stores read their writes back.
    for (const store of [withWorker, without]) {
      expect((await store.rateLimits.hit(['first-0-0'], 60, 0)).get('first-0-0')).toBe(1);
    }

    await until(
      () => checkpointedRows(aFile('with.db'), 'first') === allRows,
      'the rows reach the database file',
    );
    // Two more of the worker's intervals: the store without one has still copied nothing back.
    await new Promise((resolve) => setTimeout(resolve, 2 * WORKER_INTERVAL_MS));
    expect(checkpointedRows(aFile('without.db'), 'first')).not.toBe(allRows);
    expect(statSync(`${aFile('without.db')}-wal`).size).toBeGreaterThan(0);
  });

  it('keeps the WAL from growing: once checkpointed, the next writes reuse it', async () => {
    const file = aFile();
    const store = await storeAt(file, true);
    await write(store, 'first');
    await until(() => checkpointedRows(file, 'first') === allRows, 'the first rows checkpointed');
    const walAfterFirst = statSync(`${file}-wal`).size;

    await write(store, 'second');
    await until(() => checkpointedRows(file, 'second') === allRows, 'the second rows checkpointed');
    // Without a checkpoint in between, the second round would have been appended to the first.
    expect(statSync(`${file}-wal`).size).toBeLessThanOrEqual(walAfterFirst);
    expect(checkpointedRows(file, 'first')).toBe(allRows);
  });

  it('does not mark caches stale: a checkpoint is no change, while another connection’s commit is', async () => {
    const file = aFile();
    const store = await storeAt(file, true);
    await write(store, 'first');
    const before = store.cacheVersion();
    expect(before).toBeDefined();
    await until(() => checkpointedRows(file, 'first') === allRows, 'the rows checkpointed');
    expect(store.cacheVersion()).toBe(before);

    // The feed is live: a commit from elsewhere (say the CLI) changes the version.
    const other = new BetterSqlite3(file);
    try {
      other.prepare('delete from rate_limit_counters where key = ?').run('first-0-0');
    } finally {
      other.close();
    }
    expect(store.cacheVersion()).not.toBe(before);
  });

  it('close() stops the worker: it resolves promptly and no connection stays on the file', async () => {
    const file = aFile();
    const store = await openStore(`sqlite:${file}`, { backgroundCheckpoints: true });
    let closed = false;
    opened.push({ close: async () => (closed ? undefined : store.close()) });
    await write(store, 'first');
    await until(() => checkpointedRows(file, 'first') === allRows, 'the rows checkpointed');
    await within(store.close(), 5000, 'store.close()');
    closed = true;
    // The last connection to close removes the WAL: had the worker's stayed open, it would remain.
    expect(existsSync(`${file}-wal`)).toBe(false);
    // And the data is all there for the next opener.
    const reopened = await storeAt(file, false);
    expect((await reopened.rateLimits.hit(['first-19-99'], 60, 0)).get('first-19-99')).toBe(1);
  });

  it('close() resolves in a process that has nothing else to do', async () => {
    const file = aFile();
    // A module file: the worker inherits node's flags, and --input-type=module would break it.
    const script = join(folder!, 'close.mts');
    const storeModule = pathToFileURL(join(REPO_ROOT, 'src/store/kysely-store.ts')).href;
    writeFileSync(
      script,
      [
        `import { openStore } from ${JSON.stringify(storeModule)};`,
        'const store = await openStore(process.env.STORE_URL, { backgroundCheckpoints: true });',
        "await store.rateLimits.hit(['k'], 60);",
        'await store.close();',
        "console.log('closed');",
      ].join('\n'),
    );
    const result = await new Promise<{ code: number | string | undefined; stdout: string }>(
      (resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', script],
          {
            cwd: REPO_ROOT,
            env: { ...process.env, STORE_URL: `sqlite:${file}` },
            timeout: 15_000,
          },
          (error, stdout) => resolve({ code: error?.code ?? 0, stdout }),
        );
      },
    );
    // Exit code 13 is Node's "unsettled top-level await": close() never resolved, the process
    // ran out of work first (the worker is unref()'d) and skipped whatever followed close().
    expect(result).toEqual({ code: 0, stdout: 'closed\n' });
  });
});

describe.skipIf(isPostgres)('the SQLite connection', () => {
  let database: OpenedDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function pragma(name: string): Promise<unknown> {
    const { rows } = await sql<Record<string, unknown>>`pragma ${sql.raw(name)}`.execute(
      database!.db,
    );
    // One row of one column (whose name the camel-case plugin rewrites).
    return Object.values(rows[0] ?? {})[0];
  }

  it('runs WAL with synchronous=NORMAL, and leaves checkpoints to the worker when it has one', async () => {
    database = openDatabase(`sqlite:${aFile('plain.db')}`);
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1); // NORMAL
    expect(await pragma('wal_autocheckpoint')).toBe(1000); // SQLite's default
    await database.close();

    database = openDatabase(`sqlite:${aFile('checkpointed.db')}`, {
      backgroundCheckpoints: true,
    });
    expect(await pragma('synchronous')).toBe(1);
    expect(await pragma('wal_autocheckpoint')).toBe(10_000);
  });
});
