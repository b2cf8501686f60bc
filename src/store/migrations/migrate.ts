import { Migrator, PostgresAdapter, sql, type Kysely, type MigrationResultSet } from 'kysely';
import * as initial from './0001-initial.ts';
import * as groupsAndCredentials from './0002-groups-and-credentials.ts';
import * as security from './0003-security.ts';
import * as chat from './0004-chat.ts';
import * as sharedAgentFiles from './0005-shared-agent-files.ts';
import * as scanners from './0006-scanners.ts';
import * as accounts from './0007-accounts.ts';
import * as webClient from './0008-web-client.ts';
import * as activity from './0009-activity.ts';
import * as usage from './0010-usage.ts';
import * as compliance from './0011-compliance.ts';
import * as monitoring from './0012-monitoring.ts';
import * as dashboards from './0013-dashboards.ts';
import * as monitoringNotifications from './0014-monitoring-notifications.ts';
import * as activityRollupTriggers from './0015-activity-rollup-triggers.ts';
import * as activityTextBatches from './0016-activity-text-batches.ts';
import * as defaultAgents from './0017-default-agents.ts';
import * as dataArchive from './0018-data-archive.ts';
import * as customSecrets from './0019-custom-secrets.ts';
import * as customTools from './0020-custom-tools.ts';
import { SERVER_VERSION } from '../../lib/server-version.ts';

// Migrations are imported, not read from disk, so they run the same from source and from dist/.
// Exported so that a test can stop at an older version and check what a newer one does to data.
export const MIGRATIONS = {
  '0001-initial': initial,
  '0002-groups-and-credentials': groupsAndCredentials,
  '0003-security': security,
  '0004-chat': chat,
  '0005-shared-agent-files': sharedAgentFiles,
  '0006-scanners': scanners,
  '0007-accounts': accounts,
  '0008-web-client': webClient,
  '0009-activity': activity,
  '0010-usage': usage,
  '0011-compliance': compliance,
  '0012-monitoring': monitoring,
  '0013-dashboards': dashboards,
  '0014-monitoring-notifications': monitoringNotifications,
  '0015-activity-rollup-triggers': activityRollupTriggers,
  '0016-activity-text-batches': activityTextBatches,
  '0017-default-agents': defaultAgents,
  '0018-data-archive': dataArchive,
  '0019-custom-secrets': customSecrets,
  '0020-custom-tools': customTools,
};

/** A database a newer server has migrated: this one does not know its schema. */
export class NewerDatabaseError extends Error {
  constructor(unknown: string[]) {
    super(
      `This database was migrated by a newer AIRisk server (migration ${unknown.map((name) => `"${name}"`).join(', ')} is unknown to version ${SERVER_VERSION}): run that version or a newer one. Going back to an older version means restoring the backup taken before the upgrade`,
    );
    this.name = 'NewerDatabaseError';
  }
}

/**
 * Brings the schema up to date; safe to call from several processes at once (Kysely locks).
 * Refuses a database that has migrations this version does not know (NewerDatabaseError).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator works on any schema
export async function runMigrations(db: Kysely<any>, schema?: string): Promise<MigrationResultSet> {
  const applied = await appliedMigrations(db, schema);
  const unknown = applied.filter((name) => !(name in MIGRATIONS));
  if (unknown.length > 0) {
    throw new NewerDatabaseError(unknown);
  }
  if (applied.length === Object.keys(MIGRATIONS).length) {
    return { results: [] };
  }
  const migrator = new Migrator({
    db,
    // Kysely looks for its own tables in every schema of a database unless told which is ours.
    migrationTableSchema: schema,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    throw result.error instanceof Error
      ? result.error
      : new Error('Database migration failed', { cause: result.error });
  }
  return result;
}

/**
 * The migrations the database has applied, read directly: when they are all of these, the
 * Migrator is not needed. It would introspect every table and column of every schema first
 * (PostgreSQL: a third of a second with a few dozen schemas), on every start of every process.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator works on any schema
async function appliedMigrations(db: Kysely<any>, schema?: string): Promise<string[]> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const table = postgres
    ? sql<{
        found: boolean | number;
      }>`select to_regclass(${schema ? `"${schema}".kysely_migration` : 'kysely_migration'}) is not null as found`
    : sql<{ found: boolean | number }>`select count(*) > 0 as found from sqlite_master
        where type = 'table' and name = 'kysely_migration'`;
  const found = (await table.execute(db)).rows[0]?.found;
  if (!found) {
    return [];
  }
  const applied = await (schema ? db.withSchema(schema) : db)
    .selectFrom('kysely_migration')
    .select('name')
    .execute();
  return applied.map(({ name }) => String(name));
}
