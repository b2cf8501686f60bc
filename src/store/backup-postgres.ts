import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ConfigError } from '../config/config.ts';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts';
import type { BackupOptions, RestoreResult } from './backup.ts';
import { migrateRestored, newerBackupError, requireBackupOf } from './backup-steps.ts';
import { MIGRATIONS, NewerDatabaseError } from './migrations/migrate.ts';
import { runTool, toolConnection, toolEnv, ToolFailedError } from './postgres-tools.ts';

// PostgreSQL: pg_dump's custom format of the one schema the server uses (its current schema),
// taken in a single repeatable-read transaction, so consistent while the server writes; and
// pg_restore of it into the same schema of an empty database.

type Options = Omit<BackupOptions, 'force'>;

/** Dumps the server's schema of the database at `databaseUrl` into the new file `temp`. */
export async function backupPostgres(
  databaseUrl: string,
  temp: string,
  { env, onProgress }: Options,
): Promise<{ schema: string }> {
  const { schema, tables } = await targetSchema(databaseUrl);
  if (!tables.includes('kysely_migration')) {
    throw new ValidationError(
      `The schema "${schema}" of the database holds no AIRisk tables: check --database`,
    );
  }
  onProgress?.({ stage: 'dumping' });
  const connection = toolConnection(databaseUrl, env);
  // In double quotes, pg_dump takes the name as it is: no pattern, no case folding.
  const exactly = `"${schema.replaceAll('"', '""')}"`;
  await runTool(
    'pg_dump',
    [
      '--format=custom',
      '--no-password',
      `--schema=${exactly}`,
      `--file=${temp}`,
      connection.argument,
    ],
    connection.env,
  );
  onProgress?.({ stage: 'checking' });
  await readArchive(temp, env);
  return { schema };
}

/**
 * Restores a pg_dump archive of AIRisk's schema into the database at `databaseUrl`: into its
 * current schema, which must have the archive's name (pg_restore cannot rename one) and hold
 * none of its tables. One transaction: a failed restore leaves nothing behind.
 */
export async function restorePostgres(
  databaseUrl: string,
  file: string,
  { env, onProgress }: Options,
): Promise<Omit<RestoreResult, 'file' | 'dialect'>> {
  if (!existsSync(file)) {
    throw new NotFoundError(`There is no file ${file}: check the path of the backup`);
  }
  requireBackupOf('postgres', file);
  const archive = await readArchive(file, env);
  // Refused before anything is written: the migrations are data in the archive.
  const applied = await archivedMigrations(file, archive.schema, env);
  const unknown = applied.filter((name) => !(name in MIGRATIONS));
  if (unknown.length > 0) {
    throw newerBackupError(file, new NewerDatabaseError(unknown));
  }
  await requireNoTablesOf(databaseUrl, file, archive);
  onProgress?.({ stage: 'restoring' });
  const folder = mkdtempSync(join(tmpdir(), 'airisk-restore-'));
  try {
    // The schema exists already (it is the target's current schema): its own entries are left
    // out, and so are owners and grants, which name roles the target may not have.
    const list = join(folder, 'entries.list');
    writeFileSync(list, archive.list.filter((line) => !SCHEMA_ENTRY.test(line)).join('\n'));
    const connection = toolConnection(databaseUrl, env);
    await runTool(
      'pg_restore',
      [
        ...['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error'],
        ...['--no-password', `--use-list=${list}`, connection.argument, file],
      ],
      connection.env,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  onProgress?.({ stage: 'migrating' });
  return { target: archive.schema, migrationsApplied: await migrateRestored(databaseUrl, file) };
}

// `pg_restore --list` lines: "<id>; <catalog oid> <oid> <TYPE> <schema> <name> <owner>".
const SCHEMA_ENTRY = /^\d+; \d+ \d+ (?:SCHEMA|COMMENT - SCHEMA|ACL - SCHEMA) /;
const TABLE_ENTRY = /^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) /;

interface Archive {
  /** The schema AIRisk's tables are in. */
  schema: string;
  tables: string[];
  /** The archive's table of contents, as `pg_restore --list` prints it. */
  list: string[];
}

/** The table of contents of a pg_dump archive of AIRisk's schema; anything else is refused. */
async function readArchive(file: string, env: Options['env']): Promise<Archive> {
  const refusal = `${file} is not an AIRisk backup`;
  const { stdout } = await runTool('pg_restore', ['--list', file], toolEnv(env)).catch(
    (error: unknown) => {
      throw error instanceof ToolFailedError
        ? new ValidationError(
            `${refusal}: it is no pg_dump archive in the custom format (${error.message})`,
          )
        : error;
    },
  );
  const list = stdout.split('\n');
  const tables = list.flatMap((line) => {
    const match = TABLE_ENTRY.exec(line);
    return match ? [{ schema: match[1] ?? '', name: match[2] ?? '' }] : [];
  });
  const schema = tables.find((table) => table.name === 'kysely_migration')?.schema;
  if (schema === undefined) {
    throw new ValidationError(`${refusal}: it holds no AIRisk tables`);
  }
  return {
    schema,
    tables: tables.filter((table) => table.schema === schema).map((table) => table.name),
    list,
  };
}

/** The migrations an archive's data records, read from the archive alone. */
async function archivedMigrations(
  file: string,
  schema: string,
  env: Options['env'],
): Promise<string[]> {
  const { stdout } = await runTool(
    'pg_restore',
    ['--data-only', `--schema=${schema}`, '--table=kysely_migration', '--file=-', file],
    toolEnv(env),
  );
  // COPY's text format: one row per line, tab-separated, up to a line "\.".
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('COPY '));
  if (start < 0) {
    return [];
  }
  const end = lines.indexOf('\\.', start);
  return lines.slice(start + 1, end < 0 ? undefined : end).map((line) => line.split('\t')[0] ?? '');
}

async function requireNoTablesOf(databaseUrl: string, file: string, archive: Archive) {
  const { schema, tables } = await targetSchema(databaseUrl);
  if (schema !== archive.schema) {
    throw new ConfigError(
      `${file} holds the schema "${archive.schema}", but --database uses the schema "${schema}": pg_restore cannot rename a schema, so create "${archive.schema}" in the target database and put it first on its search_path (?options=-c search_path=${archive.schema} in the URL)`,
    );
  }
  if (tables.some((table) => archive.tables.includes(table))) {
    throw new ConflictError(
      `The schema "${schema}" already holds data; restore only into an empty database: drop its AIRisk tables, or point --database at a new database`,
    );
  }
}

/** The schema the server uses on this database (its current schema), and the tables in it. */
async function targetSchema(databaseUrl: string): Promise<{ schema: string; tables: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string | null; tables: string[] | null }>(
      `select current_schema() as schema,
              (select array_agg(tablename::text) from pg_tables
                where schemaname = current_schema()) as tables`,
    );
    const schema = rows[0]?.schema;
    if (!schema) {
      throw new ConfigError(
        'No schema on the search_path of --database exists: create it (a schema named by ?options=-c search_path=… must exist), or use the default, public',
      );
    }
    return { schema, tables: rows[0]?.tables ?? [] };
  } finally {
    await client.end();
  }
}
