import pg from 'pg';
import { sql } from 'kysely';
import type { ChangeFeed } from './change-feed.ts';

const RETRY_AFTER_MS = 1000;

type State = 'idle' | 'connecting' | 'listening' | 'waiting' | 'closed';

// One channel per schema, named from the schema each connection resolves (current_schema()),
// however it was chosen: processes on other schemas of the database (tests, benchmarks) differ.
const CHANNEL_PREFIX = 'airisk_changes:';

/**
 * Processes sharing one PostgreSQL schema tell each other of changes with NOTIFY, which the
 * database delivers when the announcing transaction commits. One connection per process LISTENs,
 * opened on first use (so the CLI, which caches nothing, never opens it). While it is not
 * listening, version() is undefined and callers read the database every time. `config` must
 * reach the schema the store's own connections use.
 */
export function postgresChangeFeed(config: pg.ClientConfig): ChangeFeed {
  let state: State = 'idle';
  let listener: pg.Client | undefined;
  let version = 0;

  const lose = (client: pg.Client) => {
    if (listener !== client || state === 'closed') {
      return;
    }
    listener = undefined;
    state = 'waiting';
    void client.end().catch(() => undefined);
    setTimeout(() => {
      if (state === 'waiting') {
        state = 'idle';
      }
    }, RETRY_AFTER_MS).unref();
  };

  const listen = () => {
    state = 'connecting';
    const client = new pg.Client(config);
    listener = client;
    client.on('notification', () => {
      version += 1;
    });
    client.on('error', () => lose(client));
    client.on('end', () => lose(client));
    client
      .connect()
      .then(() => client.query<{ schema: string }>('select current_schema() as schema'))
      .then(({ rows }) =>
        client.query(`LISTEN ${pg.escapeIdentifier(`${CHANNEL_PREFIX}${rows[0]?.schema}`)}`),
      )
      .then(() => {
        if (listener === client && state === 'connecting') {
          // Whatever changed while nobody listened is unknown: start a new version.
          version += 1;
          state = 'listening';
        }
      })
      .catch(() => lose(client));
  };

  return {
    version() {
      if (state === 'idle') {
        listen();
      }
      return state === 'listening' ? version : undefined;
    },
    async announce(db) {
      await sql`select pg_notify(${CHANNEL_PREFIX} || current_schema(), '')`.execute(db);
    },
    bump() {
      version += 1;
    },
    async close() {
      state = 'closed';
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}
