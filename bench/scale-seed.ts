import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { openDatabase, type Dialect } from '../src/store/database.ts';
import type { Database } from '../src/store/schema.ts';
import { emailOf } from './emails.ts';

export interface ScaleSeedReport {
  users: number;
  clients: number;
  seconds: number;
  method: string;
}

const REDIRECT_URIS = JSON.stringify(['https://localhost/callback']);

/**
 * One INSERT … SELECT per table, each row built by the database from its index: the rows cross
 * no connection one by one, so a million cost seconds, not the minutes the import path takes.
 * Ids are UUID-shaped but sequential (`…-4000-8000-<index>` for users, `…-4000-9000-<index>` for
 * clients), so they append to the primary-key index: random ones land all over it, and made
 * the users' insert 5× slower on SQLite and 2.6× on PostgreSQL. The clients' secret hashes come
 * from here, as one JSON array parameter: SQLite can neither hash nor encode base64url.
 */
const inserts: Record<
  Dialect,
  (counts: Counts, now: number, hashes: string) => RawBuilder<unknown>[]
> = {
  sqlite: ({ users }, now, hashes) => [
    sql`insert into users (id, email, email_normalized, name, roles, created_at)
        with recursive series(i) as
          (select 0 union all select i + 1 from series where i < ${users - 1})
        select format('00000000-0000-4000-8000-%012d', i), email, email, 'Bench User ' || i,
               '["User"]', ${now}
        from (select i, format('user%06d@bench.example', i) as email from series)`,
    sql`insert into api_clients (id, name, secret_hash, redirect_uris, created_at)
        select format('00000000-0000-4000-9000-%012d', key), 'Bench client ' || key, value,
               ${REDIRECT_URIS}, ${now}
        from json_each(${hashes})`,
  ],
  postgres: ({ users }, now, hashes) => [
    sql`insert into users (id, email, email_normalized, name, roles, created_at)
        select '00000000-0000-4000-8000-' || lpad(i::text, 12, '0'), email, email,
               'Bench User ' || i, '["User"]', ${now}::bigint
        from generate_series(0, ${users - 1}::integer) as i,
             lateral (select 'user' || lpad(i::text, 6, '0') || '@bench.example' as email) as e`,
    sql`insert into api_clients (id, name, secret_hash, redirect_uris, created_at)
        select '00000000-0000-4000-9000-' || lpad(i::text, 12, '0'), 'Bench client ' || i,
               hash, ${REDIRECT_URIS}, ${now}::bigint
        from json_array_elements_text(${hashes}::json) with ordinality as h(hash, n),
             lateral (select n - 1 as i) as zero_based`,
  ],
};

/**
 * After a bulk load the planner must see the real sizes. PostgreSQL also vacuums: otherwise
 * autovacuum (which a million inserts trigger) and the first readers (setting hint bits on every
 * page they touch) would do that work during the measurements, competing with the requests.
 */
const settle: Record<Dialect, string[]> = {
  sqlite: ['analyze'],
  // The audit log too: the CSV import, run before, writes a row per user.
  postgres: ['vacuum (analyze) users, api_clients, audit_events'],
};

const methods: Record<Dialect, string> = {
  sqlite: 'one INSERT … SELECT per table over a WITH RECURSIVE series, then ANALYZE',
  postgres: 'one INSERT … SELECT per table over generate_series, then VACUUM (ANALYZE)',
};

interface Counts {
  users: number;
  clients: number;
}

/**
 * Inserts users emailOf(0 … users-1) with the role User, and `clients` API clients with random
 * secrets nobody knows, into the migrated database at `url` (PostgreSQL: in schema
 * `searchPath`), as rows the app itself would have written. So ListUsers and the token endpoint
 * can be measured against a million users and a hundred thousand clients.
 */
export async function seedAtScale(
  url: string,
  searchPath: string | undefined,
  counts: Counts,
): Promise<ScaleSeedReport> {
  assertEmailsSortByIndex(counts.users);
  const started = performance.now();
  const { db, dialect } = openDatabase(url, { searchPath });
  try {
    const now = Math.floor(Date.now() / 1000);
    const hashes = JSON.stringify(unknownSecretHashes(counts.clients));
    await db.transaction().execute(async (trx) => {
      for (const statement of inserts[dialect](counts, now, hashes)) {
        await statement.execute(trx);
      }
      await assertEmailsMatch(trx, counts.users);
    });
    for (const statement of settle[dialect]) {
      await sql.raw(statement).execute(db);
    }
    if (dialect === 'postgres') {
      // Flush the seeding's WAL now rather than in a checkpoint under the load; only a
      // superuser (or pg_checkpoint member) may, and without it the run just goes on.
      await sql`checkpoint`.execute(db).catch(() => undefined);
    }
  } finally {
    await db.destroy();
  }
  return { ...counts, seconds: (performance.now() - started) / 1000, method: methods[dialect] };
}

const SHA256_BYTES = 32;

/**
 * Random 32-byte values in base64url: shaped as hashSecret's SHA-256 digests, and no secret
 * anyone knows hashes to them. Hashing fresh random secrets instead would give the same
 * distribution at ten times the cost (0.6 s for 100,000 here).
 */
function unknownSecretHashes(count: number): string[] {
  const bytes = randomBytes(SHA256_BYTES * count);
  return Array.from({ length: count }, (_, index) =>
    bytes.subarray(SHA256_BYTES * index, SHA256_BYTES * (index + 1)).toString('base64url'),
  );
}

// Email order must be index order (bench/run.ts computes the pages it expects from emailOf).
function assertEmailsSortByIndex(users: number): void {
  if (!Number.isInteger(users) || users < 1) {
    throw new RangeError(`Seed at least one user, not ${users}`);
  }
  if (emailOf(users - 1).length !== emailOf(0).length) {
    throw new Error(`emailOf pads too few digits for ${users} users: extend it in bench/emails.ts`);
  }
}

// The SQL above spells emails itself: check it agrees with emailOf at both ends.
async function assertEmailsMatch(db: Kysely<Database>, users: number): Promise<void> {
  const expected = [...new Set([emailOf(0), emailOf(users - 1)])];
  const found = await db
    .selectFrom('users')
    .select('email')
    .where('emailNormalized', 'in', expected)
    .execute();
  if (found.length !== expected.length) {
    throw new Error(`The seeded emails differ from emailOf: expected ${expected.join(', ')}`);
  }
}
