import type { CustomDatabaseRecord } from '../../store/tools-store.ts';
import { ValidationError } from '../../lib/errors.ts';
import { parseSecretName } from '../../secrets/custom-secrets.ts';
import { MAX_DESCRIPTION_CHARS } from '../../vocabulary/limits.ts';
import {
  DATABASE_ENGINES,
  DEFAULT_DATABASE_ROWS,
  DEFAULT_DATABASE_TIMEOUT_MS,
  MAX_DATABASE_ROWS,
  TOOL_NAME,
  type DatabaseEngine,
} from '../../vocabulary/tools.ts';
import { MODEL_SQL_QUERY, parseDatabaseQueries, type DatabaseQueryInput } from './query-input.ts';

/** A custom database as an admin describes it; all but name and connectionSecret default. */
export interface CustomDatabaseInput {
  name: string;
  description?: string | undefined;
  engine?: string | undefined;
  /** A custom secret's name: its value is the connection string. */
  connectionSecret: string;
  queries?: readonly DatabaseQueryInput[] | undefined;
  allowModelSql?: boolean | undefined;
  maxRows?: number | undefined;
  statementTimeoutMs?: number | undefined;
}

/** What an admin may edit of a custom database. */
export type CustomDatabaseFields = Omit<CustomDatabaseRecord, 'id' | 'createdAt' | 'updatedAt'>;

export const MIN_STATEMENT_TIMEOUT_MS = 100;
export const MAX_STATEMENT_TIMEOUT_MS = 60_000;
// Tool names are at most 64 characters: `<name>_<query>` must fit.
const MAX_TOOL_NAME_CHARS = 64;

/**
 * The input checked and with its defaults. Shape only: that the secret exists is the caller's
 * check (assertSecretExists), made when it is named.
 */
export function parseCustomDatabaseInput(input: CustomDatabaseInput): CustomDatabaseFields {
  const name = input.name.trim();
  if (!TOOL_NAME.test(name) || name.length > MAX_TOOL_NAME_CHARS - 2) {
    throw new ValidationError(
      `name "${input.name}" must be a letter then letters, digits, "_" or "-", short enough that "<name>_<query name>" fits in ${MAX_TOOL_NAME_CHARS} characters (e.g. crm)`,
    );
  }
  const description = (input.description ?? '').trim();
  if (description.length > MAX_DESCRIPTION_CHARS) {
    throw new ValidationError(`description must be at most ${MAX_DESCRIPTION_CHARS} characters`);
  }
  const queries = parseDatabaseQueries(input.queries ?? []);
  const allowModelSql = input.allowModelSql ?? false;
  const tools = [
    ...queries.map((query) => query.name),
    ...(allowModelSql ? [MODEL_SQL_QUERY] : []),
  ];
  const tooLong = tools.find((tool) => name.length + 1 + tool.length > MAX_TOOL_NAME_CHARS);
  if (tooLong !== undefined) {
    throw new ValidationError(
      `The tool "${name}_${tooLong}" would be longer than ${MAX_TOOL_NAME_CHARS} characters: shorten the database's name or the query's`,
    );
  }
  return {
    name,
    description,
    engine: parseEngine(input.engine),
    connectionSecret: parseSecretName(input.connectionSecret),
    queries,
    allowModelSql,
    maxRows: wholeNumber('maxRows', input.maxRows ?? DEFAULT_DATABASE_ROWS, 1, MAX_DATABASE_ROWS),
    statementTimeoutMs: wholeNumber(
      'statementTimeoutMs',
      input.statementTimeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS,
      MIN_STATEMENT_TIMEOUT_MS,
      MAX_STATEMENT_TIMEOUT_MS,
    ),
  };
}

function parseEngine(input: string | undefined): DatabaseEngine {
  const engine = DATABASE_ENGINES.find((known) => known === (input ?? 'postgres').toLowerCase());
  if (!engine) {
    throw new ValidationError(
      `engine "${input}" is not supported: engines are ${DATABASE_ENGINES.join(', ')}`,
    );
  }
  return engine;
}

function wholeNumber(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}
