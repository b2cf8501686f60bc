import { ConflictError, ValidationError } from '../../lib/errors.ts';
import { recordAudit } from '../../audit/audit.ts';
import type { ApiAuthInput } from './auth-input.ts';
import { parseCustomApiInput, type CustomApiDefinition } from './custom-api-input.ts';
import { insertDefinition, type CustomApisDeps, type CustomApiView } from './custom-apis.ts';
import {
  isObject,
  operationsOf,
  parseOpenApiDocument,
  type JsonObject,
  type OpenApiOperation,
} from './openapi-document.ts';
import { apiInputOf } from './openapi-operation.ts';

export interface ImportOpenApiInput {
  /** An OpenAPI 3.x document: an object, or its JSON or YAML text. */
  document: unknown;
  /** operationIds or "METHOD /path"; every operation when left out. */
  operations?: string[] | undefined;
  /** Else the operation's, the path's or the document's first server. */
  baseUrl?: string | undefined;
  /** The same auth for each imported API; none when left out. */
  auth?: ApiAuthInput | undefined;
  /** Check and show what would be created, saving nothing. */
  dryRun?: boolean | undefined;
}

/** What a dry run shows of an operation: what it would create, and whether that name is taken. */
export type ImportPreview = CustomApiDefinition & { nameTaken: boolean };

export type ImportOpenApiResult =
  { dryRun: true; apis: ImportPreview[] } | { dryRun: false; apis: CustomApiView[] };

/**
 * A custom API per picked operation. All are checked (names free, secrets present, parameters
 * valid) before the first is saved, so a mistake saves none of them. A dry run shows the names
 * taken rather than refusing: it is how an admin lists a document partly imported already, to
 * pick the rest.
 */
export async function importOpenApi(
  { store, clock }: CustomApisDeps,
  input: ImportOpenApiInput,
  actorId: string | null = null,
): Promise<ImportOpenApiResult> {
  const document = parseOpenApiDocument(input.document);
  const picked = pick(operationsOf(document), input.operations);
  const definitions: CustomApiDefinition[] = [];
  for (const found of picked) {
    const label = `Operation ${found.operationId ?? ''} (${found.method} ${found.path})`.replace(
      '  ',
      ' ',
    );
    try {
      const apiInput = apiInputOf(document, found, baseUrlOf(document, found, input.baseUrl));
      definitions.push(await parseCustomApiInput(store, { ...apiInput, auth: input.auth }));
    } catch (error) {
      throw error instanceof ValidationError
        ? new ValidationError(`${label}: ${error.message}`)
        : error;
    }
  }
  assertNamesDistinct(definitions);
  const previews: ImportPreview[] = [];
  for (const definition of definitions) {
    const nameTaken = (await store.customApis.findByName(definition.name)) !== undefined;
    previews.push({ ...definition, nameTaken });
  }
  if (input.dryRun === true) {
    return { dryRun: true, apis: previews };
  }
  const taken = previews.filter(({ nameTaken }) => nameTaken).map(({ name }) => `"${name}"`);
  if (taken.length > 0) {
    throw new ConflictError(
      taken.length === 1
        ? `A custom API named ${taken[0]} exists already: leave its operation out, or delete or rename that API first`
        : `Custom APIs named ${taken.join(', ')} exist already: leave their operations out, or delete or rename those APIs first`,
    );
  }
  const apis: CustomApiView[] = [];
  for (const definition of definitions) {
    const api = await insertDefinition({ store, clock }, definition);
    await recordAudit(store, clock, {
      event: 'custom_api_created',
      userId: actorId,
      details: { apiId: api.id, name: api.name, importedFrom: 'openapi' },
    });
    apis.push({ ...api, usedBy: [] });
  }
  return { dryRun: false, apis };
}

function pick(all: OpenApiOperation[], wanted: string[] | undefined): OpenApiOperation[] {
  if (wanted === undefined) {
    if (all.length === 0) {
      throw new ValidationError('The document has no GET, POST, PUT, PATCH or DELETE operation');
    }
    return all;
  }
  if (wanted.length === 0) {
    throw new ValidationError('operations is empty: name at least one, or leave it out for all');
  }
  return wanted.map((selector) => {
    const found = all.find(
      (op) => op.operationId === selector || `${op.method} ${op.path}` === normalized(selector),
    );
    if (found === undefined) {
      const known = all.slice(0, 20).map((op) => op.operationId ?? `${op.method} ${op.path}`);
      throw new ValidationError(
        `The document has no operation "${selector}"; it has ${known.join(', ')}${all.length > 20 ? ', …' : ''}`,
      );
    }
    return found;
  });
}

/** "get /users" → "GET /users". */
function normalized(selector: string): string {
  const [method = '', ...path] = selector.trim().split(/\s+/);
  return `${method.toUpperCase()} ${path.join(' ')}`;
}

/** OpenAPI §4.8.5: servers, the operation's before the path's before the document's. */
function baseUrlOf(
  document: JsonObject,
  found: OpenApiOperation,
  given: string | undefined,
): string {
  if (given !== undefined) {
    return given;
  }
  const lists = [found.operation.servers, found.pathItem.servers, document.servers];
  const server = lists
    .map((list) => (Array.isArray(list) && isObject(list[0]) ? list[0] : undefined))
    .find(Boolean);
  const url = typeof server?.url === 'string' ? server.url : '';
  const variables = isObject(server?.variables) ? server.variables : {};
  // §4.8.6: a server URL's {variable} takes its default.
  const filled = url.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const variable = variables[name];
    return isObject(variable) && typeof variable.default === 'string' ? variable.default : '';
  });
  if (!/^https?:\/\//i.test(filled)) {
    throw new ValidationError(
      filled === ''
        ? 'the document names no server: give baseUrl'
        : `its server URL "${filled}" is not absolute: give baseUrl`,
    );
  }
  return filled;
}

/** Whatever the store holds: two operations of one import cannot both have a name. */
function assertNamesDistinct(definitions: CustomApiDefinition[]): void {
  const seen = new Set<string>();
  for (const { name } of definitions) {
    if (seen.has(name.toLowerCase())) {
      throw new ConflictError(
        `Two operations would both be the custom API "${name}": import them separately, or rename one's operationId`,
      );
    }
    seen.add(name.toLowerCase());
  }
}
