import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, authorizedFetch, unwrap, type ApiPaths } from '../../lib/api.ts';
import { saveAnswerAsFile } from '../../lib/download.ts';
import { filterQuery, LOGS_PAGE_SIZE, searchParamsOf, type LogFilters } from './filters.ts';

// The Logs page's calls: the audit log (CompanyAdmin, Compliance), the people and clients its
// filters offer, and the CSV export.

export type AuditEvent =
  ApiPaths['/api/Logs/ListLogs']['get']['responses'][200]['content']['application/json'][number];

export const logsQuery = (filters: LogFilters, skip: number) =>
  queryOptions({
    queryKey: ['logs', 'list', filters, skip] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/Logs/ListLogs', {
          params: { query: { ...filterQuery(filters), results: LOGS_PAGE_SIZE, skip } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/**
 * The API clients to filter by. A Compliance officer may read the log but not list clients
 * (403): then null, and the filter takes a client ID as text.
 */
export const filterClientsQuery = queryOptions({
  queryKey: ['clients', 'list', 'for-logs'] as const,
  queryFn: async () => {
    const answer = await api.GET('/api/Clients/ListClients');
    return answer.response.status === 403 ? null : unwrap(answer);
  },
  retry: false,
});

/** People whose name or email contains `search`, for the user filter. */
export const userSearchQuery = (search: string) =>
  queryOptions({
    queryKey: ['users', 'search', search] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/Users/ListUsers', { params: { query: { search, results: 8 } } })),
    enabled: search.length >= 2,
    placeholderData: keepPreviousData,
  });

export const EXPORT_LIMIT = 100_000;
const DEFAULT_FILENAME = 'airisk-audit-log.csv';

/** GET /api/Logs/ExportLogs with these filters, saved as a file by the browser. */
export async function downloadLogs(filters: LogFilters): Promise<string> {
  const response = await authorizedFetch(
    `/api/Logs/ExportLogs?${searchParamsOf(filters).toString()}`,
    {
      headers: { accept: 'text/csv' },
    },
  );
  return saveAnswerAsFile(response, DEFAULT_FILENAME);
}
