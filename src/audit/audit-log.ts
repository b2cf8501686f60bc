import type { Clock } from '../lib/clock.ts';
import type { AuditEventRecord, Store } from '../store/store.ts';
import { parsePage, type PageInput } from '../vocabulary/paging.ts';

export interface ListAuditInput extends PageInput {
  /** Unix seconds: from `since` (inclusive) to `until` (exclusive). */
  since?: number | undefined;
  until?: number | undefined;
  event?: string | undefined;
}

/** The audit log, newest first. */
export function listAuditEvents(
  { store }: { store: Store; clock: Clock },
  input: ListAuditInput,
): Promise<AuditEventRecord[]> {
  const { limit, offset } = parsePage(input);
  return limit === 0
    ? Promise.resolve([])
    : store.audit.list({
        limit,
        offset,
        since: input.since,
        until: input.until,
        event: input.event,
      });
}
