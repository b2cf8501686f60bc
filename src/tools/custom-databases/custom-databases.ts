import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../store/store.ts';
import type { CustomDatabaseRecord } from '../../store/tools-store.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { generateId } from '../../lib/secrets.ts';
import { recordAudit } from '../../audit/audit.ts';
import { assertSecretExists } from '../../secrets/custom-secrets.ts';
import { assertUsersKeepDistinctTools } from '../tool-names.ts';
import {
  parseCustomDatabaseInput,
  type CustomDatabaseFields,
  type CustomDatabaseInput,
} from './database-input.ts';

// Company Admin → Custom Database: the databases agents may read, each with the admin's queries
// (and, when allowed, the model's own SQL). The connection string stays in a custom secret.

export interface CustomDatabaseDeps {
  store: Store;
  clock: Clock;
}

/** A custom database as the API shows it: the record and the agents that may query it. */
export interface CustomDatabaseView extends CustomDatabaseRecord {
  usedBy: { id: string; name: string }[];
}

export async function listCustomDatabases({
  store,
}: CustomDatabaseDeps): Promise<CustomDatabaseView[]> {
  return Promise.all((await store.customDatabases.list()).map((db) => viewOf(store, db)));
}

export async function getCustomDatabase(
  { store }: CustomDatabaseDeps,
  id: string,
): Promise<CustomDatabaseView> {
  return viewOf(store, await findDatabase(store, id));
}

export async function createCustomDatabase(
  { store, clock }: CustomDatabaseDeps,
  actorId: string | null,
  input: CustomDatabaseInput,
): Promise<CustomDatabaseView> {
  const fields = parseCustomDatabaseInput(input);
  await assertSecretExists(store, fields.connectionSecret);
  await assertNameFree(store, fields.name);
  const now = clock.nowSeconds();
  const database: CustomDatabaseRecord = {
    id: generateId(),
    ...fields,
    createdAt: now,
    updatedAt: now,
  };
  await store.customDatabases.insert(database);
  await recordAudit(store, clock, {
    event: 'custom_database_created',
    userId: actorId,
    details: { databaseId: database.id, name: database.name },
  });
  return viewOf(store, database);
}

/** Changes the fields given; `queries`, when given, replaces them all. */
export async function updateCustomDatabase(
  { store, clock }: CustomDatabaseDeps,
  actorId: string | null,
  id: string,
  changes: Partial<CustomDatabaseInput>,
): Promise<CustomDatabaseView> {
  const existing = await findDatabase(store, id);
  const given = Object.fromEntries(
    Object.entries(changes).filter(([, value]) => value !== undefined),
  ) as Partial<CustomDatabaseInput>;
  const fields: CustomDatabaseFields = parseCustomDatabaseInput({ ...existing, ...given });
  // A secret named afresh must exist; one already named stays, even if since deleted, so an
  // admin can still rename or describe the database (its calls say the secret is gone).
  if (given.connectionSecret !== undefined) {
    await assertSecretExists(store, fields.connectionSecret);
  }
  if (fields.name.toLowerCase() !== existing.name.toLowerCase()) {
    await assertNameFree(store, fields.name);
  }
  const updated: CustomDatabaseRecord = { ...existing, ...fields, updatedAt: clock.nowSeconds() };
  await assertUsersKeepDistinctTools(store, { database: updated });
  if (!(await store.customDatabases.update(updated))) {
    throw databaseNotFound(id);
  }
  await recordAudit(store, clock, {
    event: 'custom_database_updated',
    userId: actorId,
    details: { databaseId: id, changed: Object.keys(given).sort() },
  });
  return viewOf(store, updated);
}

/** Refused while an agent may query it: the agent would lose tools it was told about. */
export async function deleteCustomDatabase(
  { store, clock }: CustomDatabaseDeps,
  actorId: string | null,
  id: string,
): Promise<void> {
  const database = await findDatabase(store, id);
  const usedBy = await store.customDatabases.usedBy(id);
  if (usedBy.length > 0) {
    throw new ConflictError(
      `The custom database "${database.name}" is a tool of ${usedBy.map((agent) => `"${agent.name}"`).join(', ')}: take it off those agents first (UpdateAgent with customDatabases)`,
    );
  }
  if (!(await store.customDatabases.remove(id))) {
    throw databaseNotFound(id);
  }
  await recordAudit(store, clock, {
    event: 'custom_database_deleted',
    userId: actorId,
    details: { databaseId: id, name: database.name },
  });
}

export async function findDatabase(store: Store, id: string): Promise<CustomDatabaseRecord> {
  const database = await store.customDatabases.findById(id);
  if (!database) {
    throw databaseNotFound(id);
  }
  return database;
}

async function assertNameFree(store: Store, name: string): Promise<void> {
  if (await store.customDatabases.findByName(name)) {
    throw new ConflictError(
      `A custom database named "${name}" already exists: choose another name`,
    );
  }
}

async function viewOf(store: Store, database: CustomDatabaseRecord): Promise<CustomDatabaseView> {
  return { ...database, usedBy: await store.customDatabases.usedBy(database.id) };
}

function databaseNotFound(id: string): NotFoundError {
  return new NotFoundError(
    `No custom database "${id}": list them with GET /api/CustomDatabases/ListDatabases`,
  );
}
