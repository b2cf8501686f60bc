import { randomBytes } from 'node:crypto';
import { withPostgres } from '../helpers/test-store.ts';
import { aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import { setSecret } from '../../src/secrets/custom-secrets.ts';
import { createCustomDatabase } from '../../src/tools/custom-databases/custom-databases.ts';
import type { CustomDatabaseInput } from '../../src/tools/custom-databases/database-input.ts';
import type { CustomDatabaseView } from '../../src/tools/custom-databases/custom-databases.ts';
import type { AgentTool, ToolOutput } from '../../src/tools/agent-tool.ts';

// The company's database a custom database reads: always PostgreSQL (whatever store the app runs
// on), the test server's, in a schema and with a login role of the test's own, both dropped after.

export const TARGET_SERVER_URL =
  process.env.AIRISK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const ORDER_COUNT = 250;

export interface TargetDatabase {
  schema: string;
  role: string;
  password: string;
  /** The role's connection string, password included: what the admin stores as a secret. */
  url: string;
  /** Runs SQL as the server's superuser (to look behind the role's back). */
  asOwner<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * A schema `cdb_…` with an `orders` table of ORDER_COUNT rows and a role that may read it, and
 * with `canWrite` change it too (the read-only transaction must then be what stops a write).
 */
export async function aTargetDatabase({ canWrite = false } = {}): Promise<TargetDatabase> {
  const schema = `cdb_${randomBytes(6).toString('hex')}`;
  const role = `${schema}_reader`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const asOwner = <T>(sql: string) =>
    withPostgres(TARGET_SERVER_URL, async (client) => (await client.query(sql)).rows as T[]);
  await asOwner(`
    create schema ${schema};
    create table ${schema}.orders (
      id integer primary key, customer text not null, total numeric(10, 2) not null,
      placed_at timestamptz not null, big bigint not null);
    insert into ${schema}.orders
      select n, 'customer-' || (n % 10), n * 1.5, timestamptz '2024-01-01 00:00:00+00' + n * interval '1 hour', n
        from generate_series(1, ${ORDER_COUNT}) as n;
    create role ${role} login password '${password}';
    grant usage on schema ${schema} to ${role};
    grant select on all tables in schema ${schema} to ${role};
    alter role ${role} set search_path = ${schema};
    ${canWrite ? `grant insert, update, delete, truncate on all tables in schema ${schema} to ${role};` : `alter role ${role} set default_transaction_read_only = on;`}
  `);
  const url = new URL(TARGET_SERVER_URL);
  url.username = role;
  url.password = password;
  return {
    schema,
    role,
    password,
    url: url.toString(),
    asOwner,
    drop: async () => {
      await asOwner(`drop schema ${schema} cascade; drop owned by ${role}; drop role ${role}`);
    },
  };
}

/** The app, its admin, and the connection string stored as the custom secret CRM_DB_URL. */
export async function anAppWithSecret(
  connectionString: string,
): Promise<{ t: TestApp; adminId: string }> {
  const t = await createTestApp();
  const admin = await aUser(t, { roles: ['CompanyAdmin'] });
  await setSecret(t, { name: 'CRM_DB_URL', value: connectionString });
  return { t, adminId: admin.id };
}

export function aDatabase(
  t: TestApp,
  adminId: string,
  input: Partial<CustomDatabaseInput> = {},
): Promise<CustomDatabaseView> {
  return createCustomDatabase(t, adminId, {
    name: 'crm',
    connectionSecret: 'CRM_DB_URL',
    ...input,
  });
}

/** Calls the tool as a chat turn would. */
export function call(
  tool: AgentTool | undefined,
  args: unknown,
  signal = new AbortController().signal,
): Promise<ToolOutput> {
  if (!tool) {
    throw new Error('no such tool');
  }
  return tool.run(args, { userId: 'test-user', signal });
}

/** A successful call's rows. */
export function rowsOf(output: ToolOutput): {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  note?: string;
} {
  if (!output.ok) {
    throw new Error(`the call failed: ${output.error}`);
  }
  return JSON.parse(output.text) as ReturnType<typeof rowsOf>;
}
