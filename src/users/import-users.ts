import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { Role } from '../vocabulary/roles.ts';
import { ConflictError, ValidationError } from '../lib/errors.ts';
import { createGroup } from '../groups/groups.ts';
import { createUser } from './users.ts';
import { giveGroupDefaultAgents } from '../chat/default-agents.ts';
import { parseEmail, parseName, parseRoles } from './user-input.ts';
import { readCsvRows, type ImportRow } from './csv-rows.ts';

export type { ImportRow } from './csv-rows.ts';

export interface ImportUsersDeps {
  store: Store;
  clock: Clock;
}

export interface ImportProgress {
  /** Rows read so far, good or bad. */
  processed: number;
  imported: number;
}

export interface ImportUsersOptions {
  /** Valid rows inserted per transaction (default 1000). */
  batchSize?: number | undefined;
  /** Called after each batch is committed, and once at the end. */
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Called with the users each committed batch created (e.g. to invite them afterwards). */
  onImported?: ((users: ImportedUser[]) => void) | undefined;
}

export interface ImportedUser {
  line: number;
  id: string;
  email: string;
}

export interface ImportFailure {
  line: number;
  email?: string;
  error: string;
}

export interface ImportReport {
  imported: number;
  /** The rows that were not imported, by line. */
  failed: ImportFailure[];
  /** Names of the groups the import created. */
  groupsCreated: string[];
}

export const DEFAULT_BATCH_SIZE = 1000;

interface ValidRow {
  line: number;
  email: string;
  name: string;
  roles: Role[];
  /** Group names, one per group (names are case-insensitive). */
  groups: string[];
}

/** Where an email was first seen: a line of the file, or this marker for the database. */
const IN_DATABASE = 0;
const SCAN_PAGE_SIZE = 1000;

/**
 * Creates a user for each row (`email`, `name`, `roles` and `groups`, the lists separated by
 * `;` or `|`; roles default to User; groups are names, created when missing). A row that is
 * invalid or whose email is taken (in the database or earlier in the rows) fails alone; the
 * valid rows are inserted with their memberships, one transaction per batch.
 */
export async function importUsers(
  deps: ImportUsersDeps,
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  options: ImportUsersOptions = {},
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ValidationError('The batch size must be a whole number of 1 or more');
  }
  const report: ImportReport = { imported: 0, failed: [], groupsCreated: [] };
  const groupIds = new Map<string, string>();
  // Checked before inserting, so one taken email cannot abort (roll back) its whole batch.
  const emailsSeen = await emailsInDatabase(deps.store);
  let batch: ValidRow[] = [];
  let processed = 0;
  const flush = async () => {
    if (batch.length > 0) {
      await commitBatch(deps, batch, groupIds, report, options.onImported);
      batch = [];
    }
    options.onProgress?.({ processed, imported: report.imported });
  };
  for await (const row of rows) {
    processed += 1;
    const checked = checkRow(row, emailsSeen);
    if ('error' in checked) {
      report.failed.push(checked);
    } else {
      batch.push(checked);
    }
    if (batch.length >= batchSize) {
      await flush();
    }
  }
  await flush();
  report.failed.sort((a, b) => a.line - b.line);
  return report;
}

/** importUsers over a CSV stream with the header `email,name,roles,groups`, read as it comes. */
export function importUsersFromCsv(
  deps: ImportUsersDeps,
  input: NodeJS.ReadableStream,
  options: ImportUsersOptions = {},
): Promise<ImportReport> {
  return importUsers(deps, readCsvRows(input), options);
}

function checkRow(row: ImportRow, emailsSeen: Map<string, number>): ValidRow | ImportFailure {
  const email = row.fields.email?.trim();
  try {
    if (row.unreadable !== undefined) {
      throw new ValidationError(row.unreadable);
    }
    const valid = parseRow(row);
    const key = valid.email.toLowerCase();
    const seenOn = emailsSeen.get(key);
    if (seenOn !== undefined) {
      throw new ConflictError(
        seenOn === IN_DATABASE
          ? 'A user with this email already exists'
          : `Duplicate email: line ${seenOn} has it too`,
      );
    }
    emailsSeen.set(key, row.line);
    return valid;
  } catch (error) {
    if (!(error instanceof ValidationError || error instanceof ConflictError)) {
      throw error;
    }
    return { line: row.line, ...(email ? { email } : {}), error: error.message };
  }
}

function parseRow({ line, fields }: ImportRow): ValidRow {
  const roles = splitList(fields.roles);
  const groups = new Map<string, string>();
  for (const group of splitList(fields.groups)) {
    const name = parseName(group, 'A group name');
    groups.set(name.toLowerCase(), groups.get(name.toLowerCase()) ?? name);
  }
  return {
    line,
    email: parseEmail(fields.email ?? ''),
    name: parseName(fields.name ?? ''),
    roles: parseRoles(roles.length > 0 ? roles : ['User']),
    groups: [...groups.values()],
  };
}

function splitList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(/[;|]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Lower-cased emails of all users, read page by page along the email keyset. */
async function emailsInDatabase(store: Store): Promise<Map<string, number>> {
  const emails = new Map<string, number>();
  let afterEmail: string | undefined;
  for (;;) {
    const page = await store.users.list({ limit: SCAN_PAGE_SIZE, offset: 0, afterEmail });
    for (const user of page) {
      emails.set(user.email.toLowerCase(), IN_DATABASE);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < SCAN_PAGE_SIZE) {
      return emails;
    }
    afterEmail = last.email;
  }
}

/**
 * Inserts the batch in one transaction. A user or group created by someone else since the
 * checks makes it fail with a ConflictError; then each row is retried alone, so only the rows
 * that conflict fail.
 */
async function commitBatch(
  deps: ImportUsersDeps,
  batch: ValidRow[],
  groupIds: Map<string, string>,
  report: ImportReport,
  onImported: ImportUsersOptions['onImported'],
): Promise<void> {
  try {
    // Not `onImported?.(await …)`: without a callback the insert would not even run.
    const imported = await insertRows(deps, batch, groupIds, report);
    onImported?.(imported);
  } catch (error) {
    if (!(error instanceof ConflictError)) {
      throw error;
    }
    for (const row of batch) {
      try {
        const imported = await insertRows(deps, [row], groupIds, report);
        onImported?.(imported);
      } catch (rowError) {
        if (!(rowError instanceof ConflictError)) {
          throw rowError;
        }
        report.failed.push({ line: row.line, email: row.email, error: rowError.message });
      }
    }
  }
}

/** One transaction: the rows' users, their missing groups and their memberships. */
async function insertRows(
  deps: ImportUsersDeps,
  rows: ValidRow[],
  groupIds: Map<string, string>,
  report: ImportReport,
): Promise<ImportedUser[]> {
  const { groups, imported } = await deps.store.transaction(async (tx) => {
    const txDeps = { store: tx, clock: deps.clock };
    // Writing first takes SQLite's write lock (waiting for other writers) before anything is
    // read: a transaction that reads first cannot wait for it once another writer commits.
    const users = [];
    for (const row of rows) {
      const { id, email } = await createUser(txDeps, row);
      users.push({ line: row.line, id, email, groups: row.groups });
    }
    const found = await findOrCreateGroups(txDeps, rows, groupIds);
    const now = deps.clock.nowSeconds();
    for (const user of users) {
      for (const name of user.groups) {
        const key = name.toLowerCase();
        const groupId = groupIds.get(key) ?? found.ids.get(key);
        if (groupId === undefined) {
          throw new Error(`Group "${name}" was neither found nor created`);
        }
        if (await tx.groups.addMember(groupId, user.id, now)) {
          await giveGroupDefaultAgents(tx, groupId, user.id, now);
        }
      }
    }
    return { groups: found, imported: users.map(({ line, id, email }) => ({ line, id, email })) };
  });
  // Only now committed: a rolled-back batch must not leave its groups in the cache or report.
  for (const [key, id] of groups.ids) {
    groupIds.set(key, id);
  }
  report.groupsCreated.push(...groups.created);
  report.imported += rows.length;
  return imported;
}

async function findOrCreateGroups(
  deps: ImportUsersDeps,
  rows: ValidRow[],
  known: Map<string, string>,
): Promise<{ ids: Map<string, string>; created: string[] }> {
  const wanted = new Map<string, string>();
  for (const name of rows.flatMap((row) => row.groups)) {
    const key = name.toLowerCase();
    if (!known.has(key) && !wanted.has(key)) {
      wanted.set(key, name);
    }
  }
  const ids = new Map<string, string>();
  for (const group of await deps.store.groups.findByNames([...wanted.values()])) {
    ids.set(group.name.toLowerCase(), group.id);
  }
  const created: string[] = [];
  for (const [key, name] of wanted) {
    if (!ids.has(key)) {
      const group = await createGroup(deps, { name });
      ids.set(key, group.id);
      created.push(group.name);
    }
  }
  return { ids, created };
}
