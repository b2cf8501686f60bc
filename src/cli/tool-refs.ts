import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Store } from '../store/store.ts';
import type { CustomApiRecord, CustomDatabaseRecord } from '../store/tools-store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';

// What `airisk apis` and `airisk databases` share: naming one on the command line, and reading
// a definition from a file.

/** The custom API an admin names: by id, else by name in any case. */
export async function resolveApi(store: Store, idOrName: string): Promise<CustomApiRecord> {
  const api =
    (await store.customApis.findById(idOrName)) ??
    (await store.customApis.findByName(idOrName.trim()));
  if (!api) {
    throw new NotFoundError(
      `No custom API with id or name "${idOrName}": see them with airisk apis list`,
    );
  }
  return api;
}

/** The custom database an admin names: by id, else by name in any case. */
export async function resolveDatabase(
  store: Store,
  idOrName: string,
): Promise<CustomDatabaseRecord> {
  const database =
    (await store.customDatabases.findById(idOrName)) ??
    (await store.customDatabases.findByName(idOrName.trim()));
  if (!database) {
    throw new NotFoundError(
      `No custom database with id or name "${idOrName}": see them with airisk databases list`,
    );
  }
  return database;
}

/** A file's text, its absence said in one line. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ValidationError(
      code === 'ENOENT' ? `No file ${path}` : `Cannot read ${path} (${code ?? 'error'})`,
    );
  }
}

/**
 * A definition file: one JSON (or YAML) object with the fields the API's request body takes,
 * as GetApi or GetDatabase show them (id, times and usedBy are ignored, so a shown definition
 * can be edited and given back).
 */
export function readDefinitionFile(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readTextFile(path));
  } catch (error) {
    if (error instanceof ValidationError) {
      throw error;
    }
    throw new ValidationError(`${path} is not JSON or YAML: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError(`${path} must hold one object: the definition's fields`);
  }
  const {
    id: _id,
    createdAt: _c,
    updatedAt: _u,
    usedBy: _used,
    ...fields
  } = parsed as Record<string, unknown>;
  return fields;
}

/** The values given, without the options left out. */
export function given<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** A JSON object given on the command line (`--args '{"orderId": 42}'`). */
export function jsonObject(option: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ValidationError(`${option} must be a JSON object, e.g. '{"orderId": 42}'`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError(`${option} must be a JSON object, e.g. '{"orderId": 42}'`);
  }
  return parsed as Record<string, unknown>;
}

/** A comma-separated list; an empty text is the empty list (`--custom-apis ''` clears). */
export const commaList = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
