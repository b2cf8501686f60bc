import type { Clock } from '../lib/clock.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import type { Store } from '../store/store.ts';
import type { ActivityHit } from '../store/compliance-store.ts';
import { recordAudit } from '../audit/audit.ts';
import { filtersOf, type SearchCriteria } from './criteria.ts';
import { snippetOf, type Snippet } from './snippet.ts';
import type { QueryTerm } from './search-query.ts';

export const DEFAULT_SEARCH_PAGE = 20;
export const MAX_SEARCH_PAGE = 100;
const EXPORT_PAGE_SIZE = 500;

type ComplianceDeps = { store: Store; clock: Clock };

/** Who reads, for the audit log. */
export interface Reader {
  /** Null for the CLI: someone with the server's own database access. */
  userId: string | null;
  ip: string | null;
}

export interface SearchHit extends ActivityHit {
  snippet: Snippet;
}

export interface SearchPage {
  results: SearchHit[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  next: string | null;
}

// A cursor is the last result's seq, opaque to clients so that it may change.
function cursorOf(seq: number): string {
  return Buffer.from(`s${seq}`).toString('base64url');
}

function seqOf(cursor: string): number {
  const match = /^s(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) {
    throw new ValidationError('cursor is not one a search answered');
  }
  return Number(match[1]);
}

const withSnippet =
  (terms: readonly QueryTerm[]) =>
  (hit: ActivityHit): SearchHit => ({ ...hit, snippet: snippetOf(hit.text, terms) });

/** One page of matching activity, newest first. */
export async function searchActivity(
  { store }: ComplianceDeps,
  criteria: SearchCriteria,
  page: { limit?: number | undefined; cursor?: string | undefined },
): Promise<SearchPage> {
  const filters = filtersOf(criteria);
  const limit = page.limit ?? DEFAULT_SEARCH_PAGE;
  const before = page.cursor === undefined ? undefined : seqOf(page.cursor);
  // One more than asked says whether there is a next page.
  const hits = await store.compliance.search(filters, limit + 1, before);
  const results = hits.slice(0, limit).map(withSnippet(filters.terms));
  const last = results.at(-1);
  return { results, next: hits.length > limit && last ? cursorOf(last.seq) : null };
}

/**
 * Every matching event for a download, newest first, read a page at a time by keyset (never the
 * whole answer in memory). The first page is read, and the export audited, before this resolves:
 * bad criteria or a failing database are an error answer, not a cut file.
 */
export async function exportActivity(
  deps: ComplianceDeps,
  reader: Reader,
  criteria: SearchCriteria,
  format: 'csv' | 'jsonl',
): Promise<AsyncIterable<ActivityHit[]>> {
  const filters = filtersOf(criteria);
  const read = (before?: number) => deps.store.compliance.search(filters, EXPORT_PAGE_SIZE, before);
  const first = await read();
  await recordAudit(deps.store, deps.clock, {
    event: 'compliance_search_exported',
    userId: reader.userId,
    ip: reader.ip,
    details: { format, criteria },
  });
  return (async function* pages() {
    for (let page = first; page.length > 0;) {
      yield page;
      const last = page.at(-1);
      if (!last || page.length < EXPORT_PAGE_SIZE) {
        return;
      }
      page = await read(last.seq);
    }
  })();
}

/** A conversation's whole record, for a compliance reader: the reading is audited. */
export async function conversationActivity(
  deps: ComplianceDeps,
  reader: Reader,
  conversationId: string,
) {
  const found = await deps.store.compliance.conversation(conversationId);
  if (found.events.length === 0 && !found.conversation) {
    throw new NotFoundError(`No activity was recorded for conversation ${conversationId}`);
  }
  const ownerId =
    found.conversation?.userId ?? found.events.find((e) => e.userId !== null)?.userId ?? null;
  await recordAudit(deps.store, deps.clock, {
    event: 'compliance_conversation_viewed',
    userId: reader.userId,
    ip: reader.ip,
    details: { conversationId, ownerId },
  });
  return { ...found, ownerId };
}
