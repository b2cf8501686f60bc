import type { Clock } from '../lib/clock.ts';
import { isoTime } from '../lib/iso-time.ts';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import type { Store } from '../store/store.ts';
import { isForeignKeyViolation } from '../store/constraint-violations.ts';
import type { HoldRecord } from '../store/archive-store.ts';
import type { ActivityFilters } from '../store/compliance-store.ts';
import { recordAudit } from '../audit/audit.ts';
import { filtersOf, type SearchCriteria } from './criteria.ts';
import { getSavedSearch } from './saved-searches.ts';
import type { Reader } from './compliance-search.ts';

// A compliance hold keeps conversations from being archived or deleted, by anyone, until it is
// released: the conversations it lists, or those with activity matching a saved search's
// criteria as they were when the hold was placed (so that editing the search later does not
// quietly change what is held). A search hold is asked at each archive run and deletion, so it
// also holds conversations that only start to match later.

type Deps = { store: Store; clock: Clock };

export const MAX_HOLD_CONVERSATIONS = 1000;
const MAX_HOLD_NAME_CHARS = 100;

export interface HoldInput {
  name: string;
  conversationIds?: readonly string[] | undefined;
  searchId?: string | undefined;
}

function parseName(input: string): string {
  const name = input.trim();
  if (!name || name.length > MAX_HOLD_NAME_CHARS) {
    throw new ValidationError(`name must be 1 to ${MAX_HOLD_NAME_CHARS} characters`);
  }
  return name;
}

async function listedConversations(store: Store, input: readonly string[]): Promise<string[]> {
  const ids = [...new Set(input)];
  if (ids.length === 0 || ids.length > MAX_HOLD_CONVERSATIONS) {
    throw new ValidationError(
      `conversationIds must list 1 to ${MAX_HOLD_CONVERSATIONS} conversations`,
    );
  }
  const existing = new Set(await store.archive.existing(ids));
  const missing = ids.find((id) => !existing.has(id));
  if (missing !== undefined) {
    throw new NotFoundError(`No conversation with id "${missing}"`);
  }
  return ids.sort();
}

/** A hold as the API and the CLI show it. */
export const holdView = (hold: HoldRecord) => ({ ...hold, createdAt: isoTime(hold.createdAt) });

/** Places a hold on the listed conversations, or on what a saved search matches (not both). */
export async function placeHold(deps: Deps, actor: Reader, input: HoldInput): Promise<HoldRecord> {
  const name = parseName(input.name);
  if ((input.conversationIds === undefined) === (input.searchId === undefined)) {
    throw new ValidationError('Give either conversationIds or searchId');
  }
  const search =
    input.searchId === undefined ? undefined : await getSavedSearch(deps, input.searchId);
  const hold: HoldRecord = {
    id: generateId(),
    name,
    kind: search ? 'search' : 'conversations',
    conversationIds: search
      ? []
      : await listedConversations(deps.store, input.conversationIds ?? []),
    searchId: search?.id ?? null,
    criteria: search?.criteria ?? null,
    createdBy: actor.userId,
    createdAt: deps.clock.nowSeconds(),
  };
  // A listed conversation deleted or archived since listedConversations found it: a 404 too.
  const gone = () =>
    new NotFoundError(
      'A listed conversation was deleted or archived meanwhile: list the conversations again',
    );
  await onForeignKeyViolation(gone, () =>
    deps.store.transaction(async (tx) => {
      await tx.archive.insertHold(hold);
      await recordAudit(tx, deps.clock, {
        event: 'compliance_hold_placed',
        userId: actor.userId,
        ip: actor.ip,
        details: {
          holdId: hold.id,
          kind: hold.kind,
          conversations: hold.conversationIds.length,
          searchId: hold.searchId,
        },
      });
    }),
  );
  return hold;
}

/** Releases a hold: what it held may be archived or deleted again. */
export async function releaseHold(deps: Deps, actor: Reader, holdId: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const hold = await tx.archive.findHold(holdId);
    if (!hold || !(await tx.archive.deleteHold(holdId))) {
      throw new NotFoundError(`No compliance hold has id ${holdId}`);
    }
    await recordAudit(tx, deps.clock, {
      event: 'compliance_hold_released',
      userId: actor.userId,
      ip: actor.ip,
      details: { holdId, name: hold.name, kind: hold.kind },
    });
  });
}

/** The filters of every search hold, read once for a run over many conversations. */
export async function searchHoldFilters(store: Store): Promise<ActivityFilters[]> {
  const holds = await store.archive.listHolds();
  return holds
    .filter((hold) => hold.kind === 'search' && hold.criteria !== null)
    .map((hold) => filtersOf(hold.criteria as SearchCriteria));
}

/** Which of these conversations a hold covers now. */
export async function heldAmong(
  store: Store,
  conversationIds: readonly string[],
  searchFilters?: readonly ActivityFilters[],
): Promise<Set<string>> {
  const held = new Set(await store.archive.heldByList(conversationIds));
  const rest = conversationIds.filter((id) => !held.has(id));
  for (const filters of searchFilters ?? (await searchHoldFilters(store))) {
    if (rest.length === 0) {
      break;
    }
    for (const id of await store.compliance.conversationsMatching(filters, rest)) {
      held.add(id);
    }
  }
  return held;
}

/** Refuses (409) to go on when a hold covers one of these conversations. */
export async function assertNotHeld(
  store: Store,
  conversationIds: readonly string[],
  what: string,
): Promise<void> {
  const held = await heldAmong(store, conversationIds);
  const first = [...held].sort()[0];
  if (first !== undefined) {
    throw new ConflictError(
      `${what}: conversation ${first} is under a compliance hold, and stays until the hold is released`,
    );
  }
}

/**
 * Runs a deletion checked by assertNotHeld. A hold placed on a conversation after the check
 * makes the database refuse the deletion (the hold's row refers to the conversation): that is
 * the same 409, not a failure of the server.
 */
export function unlessHeldMeanwhile<T>(what: string, deletion: () => Promise<T>): Promise<T> {
  const held = () =>
    new ConflictError(
      `${what}: a compliance hold was placed on its conversations meanwhile, and keeps them until it is released`,
    );
  return onForeignKeyViolation(held, deletion);
}

/** Runs `work`; a foreign key it breaks (a row changed meanwhile) is answered with `instead()`. */
async function onForeignKeyViolation<T>(instead: () => Error, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isForeignKeyViolation(error) ? instead() : error;
  }
}
