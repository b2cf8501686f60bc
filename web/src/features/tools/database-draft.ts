import {
  DEFAULT_DATABASE_ROWS,
  DEFAULT_DATABASE_TIMEOUT_MS,
  MAX_DATABASE_ROWS,
  MAX_TOOL_TIMEOUT_MS,
  TOOL_NAME,
  TOOL_NAME_RULE,
  type ParameterType,
} from './tool-words.ts';
import type { DraftErrors } from './api-draft.ts';

// The custom database form's state (text as typed), its problems by field, and the API body.

export type QueryParameterType = Exclude<ParameterType, 'object' | 'array'>;

export interface QueryParameter {
  name: string;
  type: QueryParameterType;
  description: string;
  required: boolean;
}

export interface DatabaseQuery {
  name: string;
  description: string;
  sql: string;
  parameters: QueryParameter[];
}

/** CreateDatabase's body (UpdateDatabase's with databaseId). */
export interface DatabaseInput {
  name: string;
  description: string;
  engine: 'postgres';
  connectionSecret: string;
  queries: DatabaseQuery[];
  allowModelSql: boolean;
  maxRows: number;
  statementTimeoutMs: number;
}

export interface DatabaseDraft {
  name: string;
  description: string;
  connectionSecret: string;
  queries: DatabaseQuery[];
  allowModelSql: boolean;
  maxRows: string;
  /** Seconds, as typed. */
  timeoutSeconds: string;
}

export const NEW_QUERY: DatabaseQuery = { name: '', description: '', sql: '', parameters: [] };
export const NEW_QUERY_PARAMETER: QueryParameter = {
  name: '',
  type: 'string',
  description: '',
  required: true,
};

export const NEW_DATABASE: DatabaseDraft = {
  name: '',
  description: '',
  connectionSecret: '',
  queries: [],
  allowModelSql: false,
  maxRows: String(DEFAULT_DATABASE_ROWS),
  timeoutSeconds: String(DEFAULT_DATABASE_TIMEOUT_MS / 1000),
};

/** The tools' names are `<database>_<query>`, and `<database>_sql`: 64 characters at most. */
const MAX_TOOL_NAME = 64;

export function draftOfDatabase(database: DatabaseInput): DatabaseDraft {
  return {
    name: database.name,
    description: database.description,
    connectionSecret: database.connectionSecret,
    queries: database.queries,
    allowModelSql: database.allowModelSql,
    maxRows: String(database.maxRows),
    timeoutSeconds: String(database.statementTimeoutMs / 1000),
  };
}

// Quoted text, $tag$ bodies and comments are not code: a `$1` there is no placeholder (as the
// server reads the SQL, src/tools/custom-databases/sql-placeholders.ts).
const NOT_CODE =
  /(?:[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$|--[^\n]*|\/\*[\s\S]*?\*\/)/g;

/** The `$n` placeholders a query's SQL uses, each once, ascending. */
export function placeholderNumbers(sql: string): number[] {
  const code = sql.replace(NOT_CODE, ' ');
  return [...new Set([...code.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])))].sort(
    (a, b) => a - b,
  );
}

/** Whether the SQL uses exactly $1…$count, each at least once. */
export function placeholdersMatch(sql: string, count: number): boolean {
  const used = placeholderNumbers(sql);
  return used.length === count && used.every((number, index) => number === index + 1);
}

const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function databaseDraftErrors(draft: DatabaseDraft): DraftErrors {
  const errors: DraftErrors = {};
  const name = draft.name.trim();
  if (!TOOL_NAME.test(name) || name.length > MAX_TOOL_NAME - 2) {
    errors.name = `${TOOL_NAME_RULE} Keep it short: "<name>_<query>" is at most ${MAX_TOOL_NAME}.`;
  }
  if (!draft.connectionSecret) {
    errors.connectionSecret = 'Choose the custom secret holding the connection string.';
  }
  const seen = new Map<string, number>();
  draft.queries.forEach((query, index) => {
    const at = `queries.${index}`;
    const queryName = query.name.trim();
    const key = queryName.toLowerCase();
    if (!TOOL_NAME.test(queryName)) {
      errors[`${at}.name`] =
        'A letter, then letters, digits, "_" or "-", such as orders_by_customer.';
    } else if (key === 'sql') {
      errors[`${at}.name`] = '"sql" names the model\'s own SQL tool: choose another name.';
    } else if (`${name}_${queryName}`.length > MAX_TOOL_NAME) {
      errors[`${at}.name`] =
        `"${name}_${queryName}" is longer than ${MAX_TOOL_NAME} characters: shorten this or the database's name.`;
    } else if (seen.has(key)) {
      errors[`${at}.name`] = `Query ${(seen.get(key) ?? 0) + 1} has this name already.`;
    }
    seen.set(key, index);
    const count = query.parameters.length;
    if (!query.sql.trim()) {
      errors[`${at}.sql`] = 'Write the SELECT, with $1, $2… where the parameters go.';
    } else if (!placeholdersMatch(query.sql, count)) {
      errors[`${at}.sql`] =
        count === 0
          ? 'The SQL has placeholders ($1…) but the query no parameter: add one per placeholder.'
          : `Use exactly ${Array.from({ length: count }, (_, n) => `$${n + 1}`).join(', ')}: one placeholder per parameter below, in order.`;
    }
    const names = new Set<string>();
    query.parameters.forEach((parameter, position) => {
      const parameterName = parameter.name.trim();
      if (!PARAMETER_NAME.test(parameterName)) {
        errors[`${at}.parameters.${position}.name`] =
          'Letters, digits or "_", not starting with a digit (the model fills it in by this name).';
      } else if (names.has(parameterName)) {
        errors[`${at}.parameters.${position}.name`] = 'Another parameter has this name.';
      }
      names.add(parameterName);
    });
  });
  const rows = Number(draft.maxRows);
  if (!(Number.isInteger(rows) && rows >= 1 && rows <= MAX_DATABASE_ROWS)) {
    errors.maxRows = `A whole number from 1 to ${MAX_DATABASE_ROWS}.`;
  }
  const seconds = Number(draft.timeoutSeconds);
  if (!(seconds >= 0.1 && seconds * 1000 <= MAX_TOOL_TIMEOUT_MS)) {
    errors.timeoutSeconds = `From 0.1 to ${MAX_TOOL_TIMEOUT_MS / 1000} seconds.`;
  }
  return errors;
}

export function databaseInputOf(draft: DatabaseDraft): DatabaseInput {
  return {
    name: draft.name.trim(),
    description: draft.description.trim(),
    engine: 'postgres',
    connectionSecret: draft.connectionSecret,
    queries: draft.queries.map((query) => ({
      name: query.name.trim(),
      description: query.description.trim(),
      sql: query.sql.trim(),
      parameters: query.parameters.map((parameter) => ({
        ...parameter,
        name: parameter.name.trim(),
        description: parameter.description.trim(),
      })),
    })),
    allowModelSql: draft.allowModelSql,
    maxRows: Number(draft.maxRows),
    statementTimeoutMs: Math.round(Number(draft.timeoutSeconds) * 1000),
  };
}
