import pg from 'pg';

// One connection per call, in one READ ONLY transaction that is always rolled back. A call is
// rare next to a model's turn (seconds), and a fresh connection holds nothing between calls: no
// pool to size, to drain on close, or to leave a session's state in for the next caller.

export interface SessionOptions {
  connectionString: string;
  /** The server stops any one statement after this long (SET LOCAL statement_timeout). */
  statementTimeoutMs: number;
  /** Aborting ends the connection; the pending query then fails. */
  signal?: AbortSignal | undefined;
}

/** Connecting: a server that never answers must not hold the turn. */
export const CONNECT_TIMEOUT_MS = 10_000;
// The client's own limit, past the server's: a server (or network) that stops answering.
const CLIENT_GRACE_MS = 2_000;

// Values as the model will read them in JSON: dates and times as PostgreSQL writes them (no
// time zone shift, no Date), bytea and intervals as text, 64-bit integers as numbers when exact.
const AS_TEXT = new Set([17, 1082, 1083, 1114, 1184, 1186, 1266]);
const INT8 = 20;

const typeParser = ((oid: number, format?: 'text' | 'binary'): unknown => {
  if (AS_TEXT.has(oid)) {
    return (value: string) => value;
  }
  if (oid === INT8) {
    return (value: string) => (Number.isSafeInteger(Number(value)) ? Number(value) : value);
  }
  return pg.types.getTypeParser(oid, format);
}) as pg.CustomTypesConfig['getTypeParser'];

/** Runs `work` on a fresh connection inside a READ ONLY transaction, then rolls back and closes. */
export async function withReadOnlySession<T>(
  options: SessionOptions,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: options.connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: options.statementTimeoutMs + CLIENT_GRACE_MS,
    application_name: 'airisk',
    types: { getTypeParser: typeParser },
  });
  // A connection lost between queries is reported here, not to a pending query: without a
  // listener Node would end the process over it. The next query fails on its own.
  client.on('error', () => undefined);
  const end = () => void client.end().catch(() => undefined);
  options.signal?.addEventListener('abort', end, { once: true });
  try {
    options.signal?.throwIfAborted();
    await client.connect();
    await client.query('BEGIN TRANSACTION READ ONLY');
    // A whole number the input checks: safe to write in the statement (SET takes no parameter).
    await client.query(`SET LOCAL statement_timeout = ${Math.trunc(options.statementTimeoutMs)}`);
    try {
      return await work(client);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  } finally {
    options.signal?.removeEventListener('abort', end);
    await client.end().catch(() => undefined);
  }
}

/** Sent with the extended protocol: PostgreSQL then refuses more than one statement. */
export function singleStatement(text: string, values: readonly unknown[] = []): pg.QueryConfig {
  return { text, values: [...values], queryMode: 'extended' } as pg.QueryConfig;
}
