import type { Clock } from '../lib/clock.ts';
import { ForbiddenError, NotFoundError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import type { Store } from '../store/store.ts';
import type { SavedSearchRecord } from '../store/compliance-store.ts';
import type { Role } from '../vocabulary/roles.ts';
import { recordAudit } from '../audit/audit.ts';
import { criteriaOf, filtersOf, type SearchCriteria } from './criteria.ts';
import type { Reader } from './compliance-search.ts';

// Saved searches are shared: every compliance reader sees and runs them all (a team's searches
// are its working tools). Only the author, or a CompanyAdmin, changes or deletes one.

type Deps = { store: Store; clock: Clock };

export interface Editor extends Reader {
  userId: string;
  roles: readonly Role[];
}

export interface SavedSearchInput {
  name: string;
  criteria: SearchCriteria;
}

/** Trimmed name and only criteria that a search accepts (checked now, not when run). */
function validated({ name, criteria }: SavedSearchInput) {
  filtersOf(criteria);
  return { name: name.trim(), criteria: { ...criteriaOf(criteria) } };
}

export async function getSavedSearch({ store }: Deps, id: string): Promise<SavedSearchRecord> {
  const search = await store.compliance.findSearch(id);
  if (!search) {
    throw new NotFoundError(`No saved search has id ${id}`);
  }
  return search;
}

export async function createSavedSearch(
  deps: Deps,
  editor: Editor,
  input: SavedSearchInput,
): Promise<SavedSearchRecord> {
  const now = deps.clock.nowSeconds();
  const search: SavedSearchRecord = {
    id: generateId(),
    ...validated(input),
    ownerId: editor.userId,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.compliance.insertSearch(search);
  await recordAudit(deps.store, deps.clock, {
    event: 'compliance_search_saved',
    userId: editor.userId,
    ip: editor.ip,
    details: { searchId: search.id },
  });
  return search;
}

async function editable(deps: Deps, editor: Editor, id: string): Promise<SavedSearchRecord> {
  const search = await getSavedSearch(deps, id);
  if (search.ownerId !== editor.userId && !editor.roles.includes('CompanyAdmin')) {
    throw new ForbiddenError(
      'Only the author of a saved search or a CompanyAdmin may change or delete it',
    );
  }
  return search;
}

export async function updateSavedSearch(
  deps: Deps,
  editor: Editor,
  id: string,
  input: SavedSearchInput,
): Promise<SavedSearchRecord> {
  const search = await editable(deps, editor, id);
  const change = { ...validated(input), updatedAt: deps.clock.nowSeconds() };
  if (!(await deps.store.compliance.updateSearch(id, change))) {
    throw new NotFoundError(`No saved search has id ${id}`);
  }
  await recordAudit(deps.store, deps.clock, {
    event: 'compliance_search_updated',
    userId: editor.userId,
    ip: editor.ip,
    details: { searchId: id },
  });
  return { ...search, ...change };
}

export async function deleteSavedSearch(deps: Deps, editor: Editor, id: string): Promise<void> {
  await editable(deps, editor, id);
  await deps.store.compliance.deleteSearch(id);
  await recordAudit(deps.store, deps.clock, {
    event: 'compliance_search_deleted',
    userId: editor.userId,
    ip: editor.ip,
    details: { searchId: id },
  });
}
