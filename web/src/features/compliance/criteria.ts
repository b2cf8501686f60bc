// The compliance search's criteria, kept in the page's URL query (?text=…&kind=…&findingType=…)
// so a search can be bookmarked and shared. One value per filter in the form; the API takes lists.

export interface SearchFilters {
  text: string;
  userId: string;
  agentId: string;
  kind: string;
  verdict: string;
  scanner: string;
  findingType: string;
  /** ISO 8601 UTC, or empty. */
  since: string;
  until: string;
}

const FIELDS = [
  'text',
  'userId',
  'agentId',
  'kind',
  'verdict',
  'scanner',
  'findingType',
  'since',
  'until',
] as const;

export const NO_FILTERS: SearchFilters = Object.fromEntries(
  FIELDS.map((field) => [field, '']),
) as unknown as SearchFilters;

export function filtersFrom(params: URLSearchParams): SearchFilters {
  const filters = { ...NO_FILTERS };
  for (const field of FIELDS) {
    filters[field] = params.get(field)?.trim() ?? '';
  }
  return filters;
}

export function searchParamsOf(filters: SearchFilters): URLSearchParams {
  return new URLSearchParams(FIELDS.filter((field) => filters[field]).map((f) => [f, filters[f]]));
}

export function hasFilters(filters: SearchFilters): boolean {
  return FIELDS.some((field) => filters[field]);
}

const listOf = (value: string) => (value ? [value] : undefined);

/** The filters as the API's criteria (Search, ExportSearch, saved searches). */
export function criteriaOf(filters: SearchFilters) {
  return {
    text: filters.text || undefined,
    userIds: listOf(filters.userId),
    agentIds: listOf(filters.agentId),
    kinds: listOf(filters.kind),
    verdicts: listOf(filters.verdict),
    scanners: listOf(filters.scanner),
    findingTypes: listOf(filters.findingType),
    since: filters.since || undefined,
    until: filters.until || undefined,
  };
}

/** A saved search's criteria as the form's filters (the form keeps one value of each list). */
export function filtersOfCriteria(criteria: Partial<ReturnType<typeof criteriaOf>>): SearchFilters {
  return {
    text: criteria.text ?? '',
    userId: criteria.userIds?.[0] ?? '',
    agentId: criteria.agentIds?.[0] ?? '',
    kind: criteria.kinds?.[0] ?? '',
    verdict: criteria.verdicts?.[0] ?? '',
    scanner: criteria.scanners?.[0] ?? '',
    findingType: criteria.findingTypes?.[0] ?? '',
    since: criteria.since ?? '',
    until: criteria.until ?? '',
  };
}
