import { parse as parseYaml } from 'yaml';
import { ValidationError } from '../../lib/errors.ts';
import { HTTP_METHODS, type HttpMethod } from '../../vocabulary/tools.ts';

export type JsonObject = Record<string, unknown>;

/** One operation of an OpenAPI document: how an admin picks it, and what it says. */
export interface OpenApiOperation {
  method: HttpMethod;
  path: string;
  operationId: string | undefined;
  operation: JsonObject;
  /** The path item's own parameters and servers, which its operations inherit. */
  pathItem: JsonObject;
}

/** The document as an object: given as one, or as JSON or YAML text. Only OpenAPI 3.x. */
export function parseOpenApiDocument(raw: unknown): JsonObject {
  const document = typeof raw === 'string' ? parseText(raw) : raw;
  if (!isObject(document)) {
    throw new ValidationError(
      'document must be an OpenAPI 3 document: an object, or its JSON or YAML text',
    );
  }
  if (typeof document.swagger === 'string') {
    throw new ValidationError('document is Swagger (OpenAPI 2): convert it to OpenAPI 3 first');
  }
  if (
    typeof document.openapi !== 'string' ||
    !document.openapi.startsWith('3.') ||
    !isObject(document.paths)
  ) {
    throw new ValidationError(
      'document must be an OpenAPI 3.x document, with "openapi": "3.…" and "paths"',
    );
  }
  return document;
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      // YAML aliases can multiply a small text into a huge tree: few are allowed.
      return parseYaml(text, { maxAliasCount: 100 }) as unknown;
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : '';
      throw new ValidationError(`document is neither JSON nor YAML: ${reason}`);
    }
  }
}

/** Every operation with a method an API may have, in the document's order. */
export function operationsOf(document: JsonObject): OpenApiOperation[] {
  const found: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(document.paths as JsonObject)) {
    const pathItem = resolveRef(document, item);
    for (const method of HTTP_METHODS) {
      const raw = pathItem[method.toLowerCase()];
      if (isObject(raw)) {
        const operation = resolveRef(document, raw);
        const operationId =
          typeof operation.operationId === 'string' ? operation.operationId : undefined;
        found.push({ method, path, operationId, operation, pathItem });
      }
    }
  }
  return found;
}

const MAX_REF_HOPS = 20;

/** The object a node is, following local `$ref`s (#/components/…); {} when it is none. */
export function resolveRef(document: JsonObject, node: unknown): JsonObject {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops += 1) {
    const ref = current.$ref;
    if (!ref.startsWith('#/') || hops === MAX_REF_HOPS) {
      throw new ValidationError(
        `$ref "${ref}" cannot be followed: only references inside the document are`,
      );
    }
    current = ref
      .slice(2)
      .split('/')
      .map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>(
        (at, key) => (isObject(at) && Object.hasOwn(at, key) ? at[key] : undefined),
        document,
      );
    if (current === undefined) {
      throw new ValidationError(`$ref "${ref}" points at nothing in the document`);
    }
  }
  return isObject(current) ? current : {};
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
