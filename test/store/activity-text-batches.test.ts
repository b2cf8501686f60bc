import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { openStore } from '../../src/store/kysely-store.ts';
import type { Store } from '../../src/store/store.ts';
import type { ActivityFilters } from '../../src/store/compliance-store.ts';
import { TEXT_BATCH } from '../../src/store/migrations/0016-activity-text-batches.ts';
import { parseQuery } from '../../src/compliance/search-query.ts';
import { anActivityEvent } from '../helpers/activity-events.ts';
import { migrateTo } from '../helpers/migrate-to.ts';

// SQLite indexes recorded text for search in batches of TEXT_BATCH events (migration 0016).
// A search must still see every event, and deleting events whose text is not yet indexed must
// leave the FTS5 index whole.

const NOW = 1_800_000_000;
let folder: string | undefined;
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  if (folder) {
    rmSync(folder, { recursive: true, force: true });
  }
  store = folder = undefined;
});

function databaseUrl(): string {
  folder = mkdtempSync(join(tmpdir(), 'airisk-text-batches-'));
  return `sqlite:${join(folder, 'airisk.db')}`;
}

const event = (text: string, at = NOW) => anActivityEvent({ text, at });

const filters = (query: string): ActivityFilters => ({
  terms: parseQuery(query),
  userIds: [],
  groupIds: [],
  agentIds: [],
  kinds: [],
  scanners: [],
  verdicts: [],
  findingTypes: [],
  ratings: [],
});

async function found(query: string): Promise<string[]> {
  const hits = await store!.compliance.search(filters(query), 1000);
  return hits.map((hit) => hit.text).sort();
}

/**
 * FTS5's own check of the index against the events (throws when they differ): after a search,
 * which indexes the events of the current batch.
 */
async function checkIndex(url: string): Promise<void> {
  const opened = openDatabase(url);
  try {
    await sql`insert into activity_fts(activity_fts, rank) values ('integrity-check', 1)`.execute(
      opened.db,
    );
  } finally {
    await opened.close();
  }
}

const texts = (word: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `${word} number ${from + i}`);

describe('SQLite text indexed in batches', () => {
  it('finds events recorded since the last batch, and past it', async () => {
    const url = databaseUrl();
    store = await openStore(url);
    const few = texts('zeppelin', 3);
    await store.activity.record(few.map((text) => event(text)));
    expect(await found('zeppelin')).toEqual([...few].sort());

    const many = texts('airship', TEXT_BATCH * 2 + 5);
    for (const text of many) {
      await store.activity.record([event(text)]);
    }
    expect(await found('airship')).toEqual([...many].sort());
    expect(await found('"number 2"')).toEqual(['airship number 2', 'zeppelin number 2']);
    await checkIndex(url);
  });

  it('deletes events whose text is not indexed yet without corrupting the index', async () => {
    const url = databaseUrl();
    store = await openStore(url);
    // A batch indexed, then a few events past it, old enough for the retention to delete.
    await store.activity.record(texts('indexed', TEXT_BATCH).map((text) => event(text, NOW - 10)));
    await store.activity.record(texts('pending', 3).map((text) => event(text, NOW - 10)));
    await store.activity.record(texts('kept', 2).map((text) => event(text)));

    expect(await store.activity.purgeBefore(NOW)).toBe(TEXT_BATCH + 3);
    expect(await found('indexed')).toEqual([]);
    expect(await found('pending')).toEqual([]);
    expect(await found('kept')).toEqual(texts('kept', 2).sort());
    await checkIndex(url);
  });

  it('keeps the text indexed before the migration searchable', async () => {
    const url = databaseUrl();
    const opened = openDatabase(url);
    try {
      await migrateTo(opened, '0015-activity-rollup-triggers');
      await sql`insert into activity_events (at, kind, verdict, scanners, finding_types, text, details)
        values (${NOW}, 'prompt', 'pass', '[]', '[]', 'recorded before the batches', '{}')`.execute(
        opened.db,
      );
    } finally {
      await opened.close();
    }
    store = await openStore(url);
    await store.activity.record([event('recorded after the batches')]);
    expect(await found('recorded')).toEqual([
      'recorded after the batches',
      'recorded before the batches',
    ]);
    await checkIndex(url);
  });
});
