import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../lib/errors.ts';

/**
 * ASP.NET, which the original AIRisk server runs on, binds JSON properties, form fields and query
 * parameters to their names in any case, and AIRisk clients rely on it (`agentid`, `agentId`,
 * `AgentId`). Each route's schemas hold the canonical spelling; before validation, every name a
 * request sent is renamed to it. Unknown names are left alone, values are never touched (only
 * properties a schema declares are names; metadata keys are values), and two spellings of one
 * name with different values are a 400.
 */
export function installCaseInsensitiveNames(app: FastifyInstance): void {
  const maps = new WeakMap<object, { body?: NameMap; querystring?: NameMap }>();
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (schema) {
      maps.set(schema, {
        body: nameMapOf(schema.body),
        querystring: nameMapOf(schema.querystring),
      });
    }
  });
  app.addHook('preValidation', async (request) => {
    const routeSchema = request.routeOptions.schema;
    const map = routeSchema && maps.get(routeSchema);
    if (!map) {
      return;
    }
    if (map.querystring) {
      request.query = canonicalNames(request.query, map.querystring, 'query');
    }
    if (map.body) {
      request.body = canonicalNames(request.body, map.body, 'body');
    }
  });
}

/** The canonical names of an object schema's properties, by lower-cased name, and their own. */
interface NameMap {
  canonical: Map<string, string>;
  /** The names of properties that are objects (or arrays of them) with declared properties. */
  nested: Map<string, NameMap>;
}

interface SchemaNode {
  type?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
}

function nameMapOf(schema: unknown): NameMap | undefined {
  const variants = objectVariants(schema as SchemaNode | undefined);
  if (variants.length === 0) {
    return undefined;
  }
  const map: NameMap = { canonical: new Map(), nested: new Map() };
  for (const variant of variants) {
    for (const [name, property] of Object.entries(variant.properties ?? {})) {
      map.canonical.set(name.toLowerCase(), name);
      const inner = nameMapOf(property.items ?? property);
      if (inner) {
        map.nested.set(name, inner);
      }
    }
  }
  return map;
}

// A union (a nullable object, say) contributes the properties of each of its object variants.
function objectVariants(schema: SchemaNode | undefined): SchemaNode[] {
  if (!schema || typeof schema !== 'object') {
    return [];
  }
  const unions = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  const own = schema.properties && Object.keys(schema.properties).length > 0 ? [schema] : [];
  return [...own, ...unions.flatMap(objectVariants)];
}

function canonicalNames(value: unknown, map: NameMap, where: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => canonicalNames(item, map, where));
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const input = value as Record<string, unknown>;
  if (isCanonical(input, map)) {
    return value;
  }
  const output: Record<string, unknown> = {};
  const spelledAs = new Map<string, string>();
  for (const [name, inner] of Object.entries(input)) {
    if (name === '__proto__') {
      continue; // never a parameter; assigning it would replace the object's prototype
    }
    const canonical = map.canonical.get(name.toLowerCase()) ?? name;
    const nested = map.nested.get(canonical);
    const renamed = nested ? canonicalNames(inner, nested, where) : inner;
    const earlier = spelledAs.get(canonical);
    if (earlier !== undefined && !sameValue(output[canonical], renamed)) {
      throw new ValidationError(
        `The ${where} names ${canonical} twice ("${earlier}" and "${name}") with different values; send it once`,
      );
    }
    spelledAs.set(canonical, name);
    output[canonical] = renamed;
  }
  return output;
}

// The common case, every name already canonical (or unknown), allocates nothing.
function isCanonical(input: Record<string, unknown>, map: NameMap): boolean {
  for (const name of Object.keys(input)) {
    const canonical = map.canonical.get(name.toLowerCase());
    if (canonical !== undefined && (canonical !== name || map.nested.has(canonical))) {
      return false;
    }
  }
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
