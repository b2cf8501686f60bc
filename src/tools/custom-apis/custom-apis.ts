import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../store/store.ts';
import type { CustomApiRecord } from '../../store/tools-store.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import { generateId } from '../../lib/secrets.ts';
import { recordAudit } from '../../audit/audit.ts';
import { assertUsersKeepDistinctTools } from '../tool-names.ts';
import {
  parseCustomApiInput,
  type CustomApiDefinition,
  type CustomApiInput,
} from './custom-api-input.ts';

// Admin → Custom APIs: company HTTP APIs that agents may call as tools. The definition names its
// secrets, never holds them; the HTTP routes and the CLI call these functions.

export interface CustomApisDeps {
  store: Store;
  clock: Clock;
}

/** An API as the admin sees it: its definition and the agents that may call it. */
export type CustomApiView = CustomApiRecord & { usedBy: { id: string; name: string }[] };

/** Any field of the input; those left out keep their value. */
export type CustomApiChanges = Partial<CustomApiInput>;

export async function listCustomApis({
  store,
}: Pick<CustomApisDeps, 'store'>): Promise<CustomApiView[]> {
  return Promise.all((await store.customApis.list()).map((api) => viewOf(store, api)));
}

export async function getCustomApi(
  { store }: Pick<CustomApisDeps, 'store'>,
  apiId: string,
): Promise<CustomApiView> {
  return viewOf(store, await findApi(store, apiId));
}

export async function createCustomApi(
  { store, clock }: CustomApisDeps,
  input: CustomApiInput,
  actorId: string | null = null,
): Promise<CustomApiView> {
  const api = await insertDefinition({ store, clock }, await parseCustomApiInput(store, input));
  await recordAudit(store, clock, {
    event: 'custom_api_created',
    userId: actorId,
    details: { apiId: api.id, name: api.name },
  });
  return { ...api, usedBy: [] };
}

/** Saves a checked definition under a new id (importOpenApi saves several). */
export async function insertDefinition(
  { store, clock }: CustomApisDeps,
  definition: CustomApiDefinition,
): Promise<CustomApiRecord> {
  const now = clock.nowSeconds();
  const api: CustomApiRecord = { id: generateId(), ...definition, createdAt: now, updatedAt: now };
  await store.customApis.insert(api);
  return api;
}

/** Changes the fields given; the result is checked whole (a new path needs its parameters). */
export async function updateCustomApi(
  { store, clock }: CustomApisDeps,
  apiId: string,
  changes: CustomApiChanges,
  actorId: string | null = null,
): Promise<CustomApiView> {
  const current = await findApi(store, apiId);
  const given = Object.fromEntries(
    Object.entries(changes).filter(([, value]) => value !== undefined),
  );
  const { id: _, createdAt, updatedAt: __, ...editable } = current;
  const definition = await parseCustomApiInput(store, { ...editable, ...given });
  const updated: CustomApiRecord = {
    id: apiId,
    ...definition,
    createdAt,
    updatedAt: clock.nowSeconds(),
  };
  await assertUsersKeepDistinctTools(store, { api: updated });
  if (!(await store.customApis.update(updated))) {
    throw apiNotFound(apiId);
  }
  await recordAudit(store, clock, {
    event: 'custom_api_updated',
    userId: actorId,
    details: { apiId, name: updated.name, changed: Object.keys(given).sort() },
  });
  return viewOf(store, updated);
}

/** Refused while an agent may call it: the agent would lose the tool without being told. */
export async function deleteCustomApi(
  { store, clock }: CustomApisDeps,
  apiId: string,
  actorId: string | null = null,
): Promise<void> {
  const api = await findApi(store, apiId);
  const usedBy = await store.customApis.usedBy(apiId);
  if (usedBy.length > 0) {
    throw new ConflictError(
      `Custom API "${api.name}" is a tool of ${usedBy.map((agent) => `"${agent.name}"`).join(', ')}: take it from those agents first (UpdateAgent with customApis)`,
    );
  }
  if (!(await store.customApis.remove(apiId))) {
    throw apiNotFound(apiId);
  }
  await recordAudit(store, clock, {
    event: 'custom_api_deleted',
    userId: actorId,
    details: { apiId, name: api.name },
  });
}

export async function findApi(store: Store, apiId: string): Promise<CustomApiRecord> {
  const api = await store.customApis.findById(apiId);
  if (api === undefined) {
    throw apiNotFound(apiId);
  }
  return api;
}

function apiNotFound(apiId: string): NotFoundError {
  return new NotFoundError(`No custom API has id ${apiId}`);
}

async function viewOf(store: Store, api: CustomApiRecord): Promise<CustomApiView> {
  return { ...api, usedBy: await store.customApis.usedBy(api.id) };
}
