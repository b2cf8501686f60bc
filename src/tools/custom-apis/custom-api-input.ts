import parseJsonPath from 'jsonpath-rfc9535/parser';
import type { Store } from '../../store/store.ts';
import type { CustomApiRecord } from '../../store/tools-store.ts';
import { ValidationError } from '../../lib/errors.ts';
import { MAX_DESCRIPTION_CHARS } from '../../vocabulary/limits.ts';
import {
  DEFAULT_TOOL_RESPONSE_BYTES,
  DEFAULT_TOOL_TIMEOUT_MS,
  HTTP_METHODS,
  MAX_TOOL_RESPONSE_BYTES,
  MAX_TOOL_TIMEOUT_MS,
  TOOL_NAME,
  type HttpMethod,
} from '../../vocabulary/tools.ts';
import { parseAuth, type ApiAuthInput } from './auth-input.ts';
import { parseHttpUrl } from './http-url.ts';
import { parseParameters, type ApiParameterInput } from './parameter-input.ts';
import { pathParameterNames } from './api-path.ts';

/** A custom API as an admin writes it; left out: GET, no path, no parameters, no auth. */
export interface CustomApiInput {
  name: string;
  description: string;
  baseUrl: string;
  method?: HttpMethod | undefined;
  path?: string | undefined;
  parameters?: ApiParameterInput[] | undefined;
  auth?: ApiAuthInput | undefined;
  responsePath?: string | null | undefined;
  maxResponseBytes?: number | undefined;
  timeoutMs?: number | undefined;
}

/** What an admin defines of a custom API: the record without its id and times. */
export type CustomApiDefinition = Omit<CustomApiRecord, 'id' | 'createdAt' | 'updatedAt'>;

const MIN_TIMEOUT_MS = 100;

/** The definition, every field checked; the named secrets must exist. */
export async function parseCustomApiInput(
  store: Store,
  input: CustomApiInput,
): Promise<CustomApiDefinition> {
  const name = String(input.name ?? '').trim();
  if (!TOOL_NAME.test(name)) {
    throw new ValidationError(
      `name must be 1 to 64 letters, digits, "_" or "-", starting with a letter (the model calls the API by it); "${name}" is not one`,
    );
  }
  const description = String(input.description ?? '').trim();
  if (description === '' || description.length > MAX_DESCRIPTION_CHARS) {
    throw new ValidationError(
      `description must be 1 to ${MAX_DESCRIPTION_CHARS} characters: it tells the model what the API does and when to call it`,
    );
  }
  const method = input.method ?? 'GET';
  if (!HTTP_METHODS.includes(method)) {
    throw new ValidationError(`method must be one of ${HTTP_METHODS.join(', ')}`);
  }
  const path = input.path ?? '';
  const parameters = parseParameters(input.parameters ?? []);
  assertPathMatchesParameters(
    path,
    parameters.filter((p) => p.in === 'path').map((p) => p.name),
  );
  return {
    name,
    description,
    baseUrl: parseHttpUrl(String(input.baseUrl ?? ''), 'baseUrl', false),
    method,
    path,
    parameters,
    auth: await parseAuth(store, input.auth ?? { kind: 'none' }),
    responsePath: parseResponsePath(input.responsePath ?? null),
    maxResponseBytes: within(
      input.maxResponseBytes,
      DEFAULT_TOOL_RESPONSE_BYTES,
      1,
      MAX_TOOL_RESPONSE_BYTES,
      'maxResponseBytes',
    ),
    timeoutMs: within(
      input.timeoutMs,
      DEFAULT_TOOL_TIMEOUT_MS,
      MIN_TIMEOUT_MS,
      MAX_TOOL_TIMEOUT_MS,
      'timeoutMs',
    ),
  };
}

/** Each `{x}` of the path is a path parameter, and each path parameter is in the path. */
function assertPathMatchesParameters(path: string, declared: string[]): void {
  const inPath = pathParameterNames(path);
  const undeclared = inPath.filter((name) => !declared.includes(name));
  if (undeclared.length > 0) {
    throw new ValidationError(
      `The path names {${undeclared.join('}, {')}}: declare ${undeclared.length === 1 ? 'it' : 'them'} as a parameter with "in": "path"`,
    );
  }
  const unused = declared.filter((name) => !inPath.includes(name));
  if (unused.length > 0) {
    throw new ValidationError(
      `Path parameter "${unused[0]}" is not in the path: write {${unused[0]}} where it goes`,
    );
  }
}

function parseResponsePath(raw: string | null): string | null {
  const path = raw?.trim() || null;
  if (path === null) {
    return null;
  }
  try {
    parseJsonPath(path);
  } catch {
    throw new ValidationError(
      `responsePath must be a JSONPath (RFC 9535) such as $.items[*].name; "${path}" is not one`,
    );
  }
  return path;
}

function within(
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
  field: string,
): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}
