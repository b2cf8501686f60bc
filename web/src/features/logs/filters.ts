// The audit log's filters, kept in the page's URL query (?event=…&userId=…&since=…&skip=…) so a
// filtered view can be bookmarked and shared. Plain functions, no React.

export interface LogFilters {
  event: string;
  userId: string;
  clientId: string;
  /** ISO 8601 UTC, or empty. */
  since: string;
  until: string;
}

export const LOGS_PAGE_SIZE = 50;
const FIELDS = ['event', 'userId', 'clientId', 'since', 'until'] as const;

export const NO_FILTERS: LogFilters = { event: '', userId: '', clientId: '', since: '', until: '' };

export function filtersFrom(params: URLSearchParams): LogFilters {
  const filters = { ...NO_FILTERS };
  for (const field of FIELDS) {
    filters[field] = params.get(field)?.trim() ?? '';
  }
  return filters;
}

/** The filters that are set, as the API's query (ListLogs, ExportLogs) takes them. */
export function filterQuery(filters: LogFilters): Partial<LogFilters> {
  return Object.fromEntries(FIELDS.filter((field) => filters[field]).map((f) => [f, filters[f]]));
}

export function searchParamsOf(filters: LogFilters, skip = 0): URLSearchParams {
  const params = new URLSearchParams(filterQuery(filters));
  if (skip > 0) {
    params.set('skip', String(skip));
  }
  return params;
}

export function hasFilters(filters: LogFilters): boolean {
  return FIELDS.some((field) => filters[field]);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** An ISO moment as a datetime-local input shows it, in the reader's time zone. */
export function localInputOf(iso: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) {
    return '';
  }
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A datetime-local input's value (the reader's time zone) as ISO 8601 UTC, or empty. */
export function isoOfLocalInput(value: string): string {
  const date = new Date(value);
  return !value || Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
