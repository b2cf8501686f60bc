import type { DatabaseQuery, DatabaseQueryParameter } from '../../store/tools-store.ts';
import { ValidationError } from '../../lib/errors.ts';
import { TOOL_NAME } from '../../vocabulary/tools.ts';
import { MAX_DESCRIPTION_CHARS } from '../../vocabulary/limits.ts';
import { placeholderMismatch, withoutTrailingSemicolon } from './sql-placeholders.ts';

/** An admin-written query as the API and the CLI send it; description and required default. */
export interface DatabaseQueryInput {
  name: string;
  description?: string | undefined;
  sql: string;
  parameters?: readonly DatabaseQueryParameterInput[] | undefined;
}

export interface DatabaseQueryParameterInput {
  name: string;
  type: string;
  description?: string | undefined;
  required?: boolean | undefined;
}

export const QUERY_PARAMETER_TYPES = ['string', 'integer', 'number', 'boolean'] as const;
export const MAX_DATABASE_QUERIES = 50;
export const MAX_QUERY_PARAMETERS = 20;
export const MAX_QUERY_SQL_CHARS = 20_000;
/** `<database>_sql` is the model's own SQL: no query may take its name. */
export const MODEL_SQL_QUERY = 'sql';

// JSON Schema property names the engines accept (the model fills them in by name).
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The queries, checked: messages name the one at fault ("queries[2] …"). */
export function parseDatabaseQueries(inputs: readonly DatabaseQueryInput[]): DatabaseQuery[] {
  if (inputs.length > MAX_DATABASE_QUERIES) {
    throw new ValidationError(`A custom database has at most ${MAX_DATABASE_QUERIES} queries`);
  }
  const queries = inputs.map((input, index) => parseQuery(input, `queries[${index}]`));
  const seen = new Set<string>();
  for (const query of queries) {
    const key = query.name.toLowerCase();
    if (seen.has(key)) {
      throw new ValidationError(`Two queries are named "${query.name}": give each its own name`);
    }
    seen.add(key);
  }
  return queries;
}

function parseQuery(input: DatabaseQueryInput, label: string): DatabaseQuery {
  const name = input.name.trim();
  if (!TOOL_NAME.test(name)) {
    throw new ValidationError(
      `${label}.name "${input.name}" must be a letter then letters, digits, "_" or "-" (e.g. orders_by_customer)`,
    );
  }
  if (name.toLowerCase() === MODEL_SQL_QUERY) {
    throw new ValidationError(
      `${label}.name may not be "${MODEL_SQL_QUERY}": that tool is the model's own SQL (allowModelSql)`,
    );
  }
  const sql = withoutTrailingSemicolon(input.sql);
  if (sql === '' || sql.length > MAX_QUERY_SQL_CHARS) {
    throw new ValidationError(`${label}.sql must be 1 to ${MAX_QUERY_SQL_CHARS} characters`);
  }
  const parameters = (input.parameters ?? []).map((parameter, index) =>
    parseParameter(parameter, `${label}.parameters[${index}]`),
  );
  if (parameters.length > MAX_QUERY_PARAMETERS) {
    throw new ValidationError(`${label} has more than ${MAX_QUERY_PARAMETERS} parameters`);
  }
  const names = parameters.map((parameter) => parameter.name);
  const twice = names.find((parameterName, index) => names.indexOf(parameterName) !== index);
  if (twice !== undefined) {
    throw new ValidationError(`${label} has two parameters named "${twice}"`);
  }
  const mismatch = placeholderMismatch(sql, parameters.length);
  if (mismatch) {
    throw new ValidationError(`${label} ("${name}"): ${mismatch}`);
  }
  return { name, description: description(input.description, label), sql, parameters };
}

function parseParameter(input: DatabaseQueryParameterInput, label: string): DatabaseQueryParameter {
  const name = input.name.trim();
  if (!PARAMETER_NAME.test(name)) {
    throw new ValidationError(
      `${label}.name "${input.name}" must be 1 to 64 letters, digits or "_", not starting with a digit`,
    );
  }
  const type = QUERY_PARAMETER_TYPES.find((known) => known === input.type);
  if (!type) {
    throw new ValidationError(
      `${label}.type "${input.type}" is not one of ${QUERY_PARAMETER_TYPES.join(', ')}`,
    );
  }
  return {
    name,
    type,
    description: description(input.description, label),
    required: input.required ?? true,
  };
}

function description(input: string | undefined, label: string): string {
  const text = (input ?? '').trim();
  if (text.length > MAX_DESCRIPTION_CHARS) {
    throw new ValidationError(
      `${label}.description must be at most ${MAX_DESCRIPTION_CHARS} characters`,
    );
  }
  return text;
}
