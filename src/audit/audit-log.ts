import type { Clock } from '../lib/clock.ts';
import type { AuditCursor, AuditEventRecord, Store } from '../store/store.ts';
import { parsePage, type PageInput } from '../vocabulary/paging.ts';

/** Which events to show; each filter left out shows all. */
export interface AuditFilters {
  /** Unix seconds: from `since` (inclusive) to `until` (exclusive). */
  since?: number | undefined;
  until?: number | undefined;
  event?: string | undefined;
  userId?: string | undefined;
  clientId?: string | undefined;
}

export interface ListAuditInput extends PageInput, AuditFilters {}

/** An export stops here, however many events match: a spreadsheet's worth, not the database. */
export const MAX_EXPORTED_AUDIT_EVENTS = 100_000;
const EXPORT_PAGE_SIZE = 1000;

type AuditDeps = { store: Store; clock: Clock };

/** The audit log, newest first. */
export function listAuditEvents(
  { store }: AuditDeps,
  input: ListAuditInput,
): Promise<AuditEventRecord[]> {
  const { limit, offset } = parsePage(input);
  return limit === 0
    ? Promise.resolve([])
    : store.audit.list({ ...filtersOf(input), limit, offset });
}

/**
 * The audit log for a download: newest first, at most MAX_EXPORTED_AUDIT_EVENTS events, read a
 * page at a time by keyset, so that events logged meanwhile neither repeat nor shift a row. The
 * first page is read before this resolves: a failing database is an error answer, not a cut file.
 */
export async function exportAuditEvents(
  { store }: AuditDeps,
  filters: AuditFilters,
): Promise<AsyncIterable<AuditEventRecord[]>> {
  const read = (exported: number, before?: AuditCursor) =>
    store.audit.list({
      ...filtersOf(filters),
      before,
      offset: 0,
      limit: Math.min(EXPORT_PAGE_SIZE, MAX_EXPORTED_AUDIT_EVENTS - exported),
    });
  const first = await read(0);
  return (async function* pages() {
    let exported = 0;
    for (let page = first; page.length > 0;) {
      yield page;
      exported += page.length;
      const last = page.at(-1);
      if (!last || page.length < EXPORT_PAGE_SIZE || exported >= MAX_EXPORTED_AUDIT_EVENTS) {
        return;
      }
      page = await read(exported, { at: last.at, id: last.id });
    }
  })();
}

function filtersOf({ since, until, event, userId, clientId }: AuditFilters): AuditFilters {
  return { since, until, event, userId, clientId };
}
