import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import {
  CamelCasePlugin,
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type LogEvent,
  type RootOperationNode,
  type SqliteDialectConfig,
} from 'kysely';
import type { Database } from './schema.ts';
import type { CodePath } from './store.ts';
import { sqliteCodePath } from './code-path-sqlite.ts';
import { postgresCodePath } from './code-path-postgres.ts';
import { sqliteFilePath } from '../config/database-url.ts';
import { withStatementCache } from './statement-cache.ts';
import { sqliteChangeFeed, type ChangeFeed } from './change-feed.ts';
import { postgresChangeFeed } from './postgres-change-feed.ts';
import { withPreparedStatements } from './prepared-statements.ts';
import { FALLBACK_CHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpointer.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * Runs `work` holding the database's migration lock, atomically where the dialect allows.
   * `work` learns the schema the tables live in (PostgreSQL's current schema).
   */
  withMigrationLock: <T>(work: (schema: string | undefined) => Promise<T>) => Promise<T>;
  changes: ChangeFeed;
  /** The OAuth2 hot path's writes, in the SQL that is fastest on this dialect. */
  codePath: CodePath;
  /** Brings the query planner's statistics up to date where the tables have grown. */
  refreshStatistics(): Promise<void>;
  /** Closes the connections, the change feed and any background work. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL schema to use instead of `public` (tests isolate themselves this way). */
  readonly searchPath?: string | undefined;
  /** Called for every statement sent, transaction control included (benchmarks count them). */
  readonly onQuery?: (() => void) | undefined;
  /** SQLite file: checkpoint the WAL from a worker thread (a server; not the short-lived CLI). */
  readonly backgroundCheckpoints?: boolean | undefined;
  /** The server's metrics, when they are on. */
  readonly observer?: DatabaseObserver | undefined;
}

/** What the database tells the server's metrics: kinds and numbers, never a statement's text. */
export interface DatabaseObserver {
  /**
   * A statement sent through the query builder, and how long it took. (SQLite's code path,
   * code-path-sqlite.ts, sends its few statements itself: they are not among them.)
   */
  statement(kind: StatementKind, durationMs: number): void;
  /** PostgreSQL: how to read the connection pool's counts, whenever they are wanted. */
  watchPool(read: () => PoolCounts): void;
}

export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'other';

export interface PoolCounts {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

const PG_INT8_OID = 20;

// Epoch seconds are BIGINT; they fit a JS number, so read them as one.
const typeParser = ((oid: number, format?: 'text' | 'binary'): unknown =>
  oid === PG_INT8_OID
    ? Number
    : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'];

/** Opens the database a URL names. Dialect differences stop here. */
export function openDatabase(databaseUrl: string, options: DatabaseOptions = {}): OpenedDatabase {
  const plugins = [new CamelCasePlugin()];
  const log = queryLog(options);
  const file = sqliteFilePath(databaseUrl);
  if (file !== undefined) {
    if (file !== ':memory:') {
      mkdirSync(dirname(file), { recursive: true });
    }
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    // WAL's recommended pairing: a commit survives a crash of the process; only a power loss can
    // undo the last few, and each commit no longer waits for an fsync (the token path commits).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A long-lived connection plans with the statistics it read at open: SQLite's advice is to
    // refresh them at open and from time to time (maintenance does), each ANALYZE bounded.
    sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT_ROWS}`);
    sqlite.pragma('optimize = 0x10002');
    const checkpointer =
      options.backgroundCheckpoints && file !== ':memory:' ? startCheckpointer(file) : undefined;
    if (checkpointer) {
      sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    }
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
      plugins,
      log,
    });
    const changes = sqliteChangeFeed(sqlite);
    return {
      db,
      dialect: 'sqlite',
      withMigrationLock: (work) => withImmediateTransaction(sqlite, work),
      changes,
      codePath: sqliteCodePath(sqlite, db, options.onQuery),
      refreshStatistics: async () => {
        sqlite.pragma('optimize');
      },
      close: async () => {
        await checkpointer?.stop();
        await changes.close();
        await db.destroy();
      },
    };
  }
  const connection = {
    connectionString: databaseUrl,
    options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
  };
  const pool = new pg.Pool({ ...connection, max: 10, types: { getTypeParser: typeParser } });
  options.observer?.watchPool(() => ({
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  }));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }),
    plugins,
    log,
  });
  const changes = postgresChangeFeed(connection);
  return {
    db,
    dialect: 'postgres',
    withMigrationLock: (work) => withAdvisoryLock(pool, work),
    changes,
    codePath: postgresCodePath(db),
    // Autovacuum analyzes PostgreSQL's tables as they change.
    refreshStatistics: () => Promise.resolve(),
    close: async () => {
      await changes.close();
      await db.destroy();
    },
  };
}

/** Kysely's log, when something listens: the statement count, the metrics, or both. */
function queryLog({ onQuery, observer }: DatabaseOptions): ((event: LogEvent) => void) | undefined {
  if (!observer) {
    return onQuery;
  }
  return (event) => {
    onQuery?.();
    observer.statement(statementKind(event.query.query), event.queryDurationMillis);
  };
}

// By the query's tree, not its SQL: the text could carry values, and reading it costs time.
const STATEMENT_KINDS: Partial<Record<RootOperationNode['kind'], StatementKind>> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
};

function statementKind(node: RootOperationNode): StatementKind {
  return STATEMENT_KINDS[node.kind] ?? 'other';
}

/**
 * SQLite transactions that read before they write fail at once ("database is locked") when
 * another process wrote meanwhile. BEGIN IMMEDIATE takes the write lock first, so a second
 * writer (the CLI beside the server) waits its turn instead.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new (class extends SqliteDriver {
      override async beginTransaction(connection: DatabaseConnection): Promise<void> {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      }
    })(this.settings);
  }
}

/** Held while migrating PostgreSQL; whoever drops schemas beside ours takes it too. */
export const MIGRATION_LOCK_KEY = 0x41495249; // "AIRI"
const LOCK_WAIT_MS = 30_000;
const LOCK_RETRY_MS = 25;
const BUSY_TIMEOUT_MS = 5000;
// Rows ANALYZE samples per index: statistics good enough to plan, in milliseconds on any size.
const ANALYSIS_LIMIT_ROWS = 1000;

/**
 * Kysely takes no lock on SQLite, so two processes (a server and the CLI) could migrate one file
 * at once. Kysely runs everything on this one connection, so its statements join an IMMEDIATE
 * transaction: others wait for the write lock, and a failed migration leaves nothing behind.
 */
async function withImmediateTransaction<T>(
  sqlite: BetterSqlite3.Database,
  work: (schema: undefined) => Promise<T>,
): Promise<T> {
  await beginImmediate(sqlite);
  try {
    const result = await work(undefined);
    sqlite.exec('COMMIT');
    return result;
  } catch (error) {
    sqlite.exec('ROLLBACK');
    throw error;
  }
}

// better-sqlite3 waits for a lock synchronously, which would stall this whole process; wait
// between attempts instead, so a holder in this same process can finish.
async function beginImmediate(sqlite: BetterSqlite3.Database): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  sqlite.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
      }
    }
  } finally {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A long-lived connection plans with the statistics it read at open: SQLite's advice is to
    // refresh them at open and from time to time (maintenance does), each ANALYZE bounded.
    sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT_ROWS}`);
    sqlite.pragma('optimize = 0x10002');
  }
}

/**
 * Kysely's migrator creates its own lock table first, and instances starting together on a new
 * PostgreSQL database race on that. A session advisory lock held around it serializes them.
 */
async function withAdvisoryLock<T>(
  pool: pg.Pool,
  work: (schema: string) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
    return await work(rows[0]?.schema ?? 'public');
  } finally {
    await client
      .query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    client.release();
  }
}
