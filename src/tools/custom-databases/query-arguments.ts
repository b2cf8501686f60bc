import type { JSONSchema7 } from 'ai';
import type { DatabaseQuery, DatabaseQueryParameter } from '../../store/tools-store.ts';
import { isOfType } from '../parameter-values.ts';

// A query's parameters as the model sees them (a JSON Schema), and its arguments checked against
// them before anything reaches the database: the engines do not all enforce the schema, and a
// mistake told in words lets the model call again correctly.

const MAX_STRING_CHARS = 10_000;

export function queryInputSchema(query: DatabaseQuery): JSONSchema7 {
  return {
    type: 'object',
    properties: Object.fromEntries(
      query.parameters.map((parameter) => [
        parameter.name,
        {
          type: parameter.type,
          ...(parameter.description && { description: parameter.description }),
        },
      ]),
    ),
    required: query.parameters.filter((parameter) => parameter.required).map((p) => p.name),
    additionalProperties: false,
  };
}

export type QueryValues = { ok: true; values: unknown[] } | { ok: false; error: string };

/** The values for $1…$n, in the parameters' order; an optional one not given is NULL. */
export function queryValues(query: DatabaseQuery, args: unknown): QueryValues {
  const given = args ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    return { ok: false, error: `Give the arguments as a JSON object: ${expected(query)}` };
  }
  const record = given as Record<string, unknown>;
  const strangers = Object.keys(record).filter(
    (key) => !query.parameters.some((parameter) => parameter.name === key),
  );
  if (strangers.length > 0) {
    return {
      ok: false,
      error: `Unknown argument ${strangers.map((key) => `"${key}"`).join(', ')}: ${expected(query)}`,
    };
  }
  const values: unknown[] = [];
  for (const parameter of query.parameters) {
    const value = record[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.required) {
        return { ok: false, error: `"${parameter.name}" is required: ${expected(query)}` };
      }
      values.push(null);
      continue;
    }
    if (!fits(parameter, value)) {
      return {
        ok: false,
        error: `"${parameter.name}" must be ${article(parameter.type)}, not ${JSON.stringify(value).slice(0, 100)}`,
      };
    }
    values.push(value);
  }
  return { ok: true, values };
}

function fits(parameter: DatabaseQueryParameter, value: unknown): boolean {
  return (
    isOfType(parameter.type, value) &&
    (typeof value !== 'string' || value.length <= MAX_STRING_CHARS)
  );
}

function article(type: DatabaseQueryParameter['type']): string {
  return {
    string: `a string of at most ${MAX_STRING_CHARS} characters`,
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
  }[type];
}

function expected(query: DatabaseQuery): string {
  if (query.parameters.length === 0) {
    return 'this query takes no arguments ({})';
  }
  const list = query.parameters.map(
    (parameter) => `${parameter.name} (${parameter.type}${parameter.required ? '' : ', optional'})`,
  );
  return `the arguments are ${list.join(', ')}`;
}
