import { ValidationError } from '../../lib/errors.ts';
import { MAX_DESCRIPTION_CHARS } from '../../vocabulary/limits.ts';
import {
  PARAMETER_TYPES,
  type ParameterLocation,
  type ParameterType,
} from '../../vocabulary/tools.ts';
import type { CustomApiInput } from './custom-api-input.ts';
import type { ApiParameterInput } from './parameter-input.ts';
import {
  isObject,
  resolveRef,
  type JsonObject,
  type OpenApiOperation,
} from './openapi-document.ts';

/**
 * A custom API for one operation: named after its operationId (or method and path), described by
 * its summary and description; its path, query and header parameters, and the top-level
 * properties of a JSON request body as body parameters. Cookies are not sent.
 */
export function apiInputOf(
  document: JsonObject,
  found: OpenApiOperation,
  baseUrl: string,
): CustomApiInput {
  const { method, path, operation, pathItem } = found;
  return {
    name: toolNameOf(found.operationId ?? `${method} ${path}`),
    description: describe(operation) || `${method} ${path}`,
    baseUrl,
    method,
    path,
    parameters: [
      ...parametersOf(document, pathItem, operation),
      ...bodyParametersOf(document, operation),
    ],
  };
}

/** "list users/{id}" → "list_users_id": what every engine accepts as a tool's name. */
export function toolNameOf(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '');
  return (/^[A-Za-z]/.test(name) ? name : `op_${name}`).slice(0, 64);
}

function describe(operation: JsonObject): string {
  const parts = [operation.summary, operation.description].filter(
    (part) => typeof part === 'string' && part.trim(),
  );
  return parts
    .map((part) => String(part).trim())
    .join('\n\n')
    .slice(0, MAX_DESCRIPTION_CHARS);
}

const IGNORED_HEADERS = ['accept', 'content-type', 'authorization'];

/** The path item's parameters, then the operation's, which replace a same-named one (§4.8.9). */
function parametersOf(
  document: JsonObject,
  pathItem: JsonObject,
  operation: JsonObject,
): ApiParameterInput[] {
  const byKey = new Map<string, JsonObject>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    for (const raw of Array.isArray(list) ? list : []) {
      const parameter = resolveRef(document, raw);
      byKey.set(`${String(parameter.in)}:${String(parameter.name)}`, parameter);
    }
  }
  const mapped: ApiParameterInput[] = [];
  for (const parameter of byKey.values()) {
    const where = parameter.in as string;
    // OpenAPI §4.8.12.1: these header parameters "SHALL be ignored" (the body and auth say them).
    if (where === 'header' && IGNORED_HEADERS.includes(String(parameter.name).toLowerCase())) {
      continue;
    }
    if (where === 'cookie') {
      if (parameter.required === true) {
        throw new ValidationError(
          `it needs the cookie "${String(parameter.name)}", which custom APIs do not send`,
        );
      }
      continue;
    }
    const schema = resolveRef(document, parameter.schema);
    mapped.push({
      name: String(parameter.name),
      in: where as ParameterLocation,
      // A path, query or header value is text: a structured one is given as JSON text.
      type: scalarIn(where, typeOf(schema)),
      description: typeof parameter.description === 'string' ? parameter.description : '',
      required: where === 'path' || parameter.required === true,
      default: schema.default ?? null,
    });
  }
  return mapped;
}

function bodyParametersOf(document: JsonObject, operation: JsonObject): ApiParameterInput[] {
  const body = resolveRef(document, operation.requestBody);
  const content = isObject(body.content) ? body.content : {};
  const jsonType = Object.keys(content).find((type) =>
    /^application\/([\w.+-]*\+)?json\b/i.test(type),
  );
  if (jsonType === undefined) {
    if (body.required === true) {
      throw new ValidationError('its request body is not JSON, which custom APIs send');
    }
    return [];
  }
  const schema = resolveRef(document, resolveRef(document, content[jsonType]).schema);
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(properties).map(([name, raw]) => {
    const property = resolveRef(document, raw);
    return {
      name,
      in: 'body',
      type: typeOf(property),
      description: typeof property.description === 'string' ? property.description : '',
      required: required.includes(name),
      default: property.default ?? null,
    };
  });
}

/** JSON Schema's type (3.1 may list several: the first that is not "null"); string when unsaid. */
function typeOf(schema: JsonObject): ParameterType {
  const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== 'null');
  return PARAMETER_TYPES.includes(type as ParameterType) ? (type as ParameterType) : 'string';
}

function scalarIn(where: string, type: ParameterType): ParameterType {
  if (type === 'object' || (type === 'array' && where !== 'query')) {
    return 'string';
  }
  return type;
}
