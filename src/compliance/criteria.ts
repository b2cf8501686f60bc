import { ValidationError } from '../lib/errors.ts';
import { secondsOf } from '../lib/iso-time.ts';
import type { ActivityFilters } from '../store/compliance-store.ts';
import { parseQuery } from './search-query.ts';
import { ACTIVITY_KINDS } from '../vocabulary/activity.ts';
import { SCANNER_NAMES, SCAN_VERDICTS } from '../vocabulary/scanners.ts';

/**
 * What a compliance search looks for, as the API takes it and a saved search keeps it: every
 * field optional, lists ORed within a field, fields ANDed.
 */
export interface SearchCriteria {
  /** Words ANDed, "quoted phrases", a trailing * for a prefix. */
  text?: string | undefined;
  userIds?: string[] | undefined;
  groupIds?: string[] | undefined;
  agentIds?: string[] | undefined;
  /** ISO 8601: from `since` (inclusive) to `until` (exclusive). */
  since?: string | undefined;
  until?: string | undefined;
  kinds?: string[] | undefined;
  scanners?: string[] | undefined;
  verdicts?: string[] | undefined;
  findingTypes?: string[] | undefined;
  ratings?: number[] | undefined;
}

export const CRITERIA_FIELDS = [
  'text',
  'userIds',
  'groupIds',
  'agentIds',
  'since',
  'until',
  'kinds',
  'scanners',
  'verdicts',
  'findingTypes',
  'ratings',
] as const satisfies readonly (keyof SearchCriteria)[];

/** Only the criteria's own fields (a request body may hold paging too). */
export function criteriaOf(input: SearchCriteria): SearchCriteria {
  return Object.fromEntries(
    CRITERIA_FIELDS.filter((field) => input[field] !== undefined).map((field) => [
      field,
      input[field],
    ]),
  );
}

/** The values when each is one of `known` (the API's schema checks this too; the CLI does not). */
function oneOf(field: string, values: string[] | undefined, known: readonly string[]): string[] {
  const unknown = (values ?? []).find((value) => !known.includes(value));
  if (unknown !== undefined) {
    throw new ValidationError(`${field}: "${unknown}" is not one of ${known.join(', ')}`);
  }
  return values ?? [];
}

export function filtersOf(criteria: SearchCriteria): ActivityFilters {
  const since = criteria.since === undefined ? undefined : secondsOf(criteria.since);
  const until = criteria.until === undefined ? undefined : secondsOf(criteria.until);
  if (Number.isNaN(since) || Number.isNaN(until)) {
    throw new ValidationError('since and until must be ISO 8601 times');
  }
  if (since !== undefined && until !== undefined && since >= until) {
    throw new ValidationError('since must be before until');
  }
  return {
    terms: parseQuery(criteria.text ?? ''),
    userIds: criteria.userIds ?? [],
    groupIds: criteria.groupIds ?? [],
    agentIds: criteria.agentIds ?? [],
    since,
    until,
    kinds: oneOf('kind', criteria.kinds, ACTIVITY_KINDS),
    scanners: oneOf('scanner', criteria.scanners, SCANNER_NAMES),
    verdicts: oneOf('verdict', criteria.verdicts, SCAN_VERDICTS),
    findingTypes: criteria.findingTypes ?? [],
    ratings: criteria.ratings ?? [],
  };
}
