import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { api, apiError, authorizedFetch, unwrap, type ApiPaths } from '../../lib/api.ts';
import { saveAnswerAsFile } from '../../lib/download.ts';
import { criteriaOf, type SearchFilters } from './criteria.ts';

// The Compliance pages' calls (tag Compliance, Compliance and CompanyAdmin roles).

type SearchBody = NonNullable<
  ApiPaths['/api/Compliance/Search']['post']['requestBody']
>['content']['application/json'];
export type ActivityResult =
  ApiPaths['/api/Compliance/Search']['post']['responses'][200]['content']['application/json']['results'][number];
export type ConversationRecord =
  ApiPaths['/api/Compliance/GetConversation']['get']['responses'][200]['content']['application/json'];
export type ExportFormat = 'csv' | 'jsonl';

const PAGE_SIZE = 50;

export const searchQuery = (filters: SearchFilters) =>
  infiniteQueryOptions({
    queryKey: ['compliance', 'search', filters] as const,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.POST('/api/Compliance/Search', {
          body: {
            ...(criteriaOf(filters) as SearchBody),
            limit: PAGE_SIZE,
            cursor: pageParam,
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
  });

export const conversationQuery = (conversationId: string) =>
  queryOptions({
    queryKey: ['compliance', 'conversation', conversationId] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/Compliance/GetConversation', {
          params: { query: { conversationId } },
        }),
      ),
  });

/** POST /api/Compliance/ExportSearch with these filters, saved as a file by the browser. */
export async function downloadExport({
  filters,
  format,
}: {
  filters: SearchFilters;
  format: ExportFormat;
}): Promise<string> {
  const response = await authorizedFetch(`/api/Compliance/ExportSearch?format=${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(criteriaOf(filters)),
  });
  return saveAnswerAsFile(response, `airisk-compliance-search.${format}`);
}

export type SavedSearch =
  ApiPaths['/api/Compliance/ListSearches']['get']['responses'][200]['content']['application/json'][number];

export const savedSearchesQuery = queryOptions({
  queryKey: ['compliance', 'saved'] as const,
  queryFn: async () => unwrap(await api.GET('/api/Compliance/ListSearches')),
});

export function useSaveSearch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, filters }: { name: string; filters: SearchFilters }) =>
      unwrap(
        await api.POST('/api/Compliance/CreateSearch', {
          body: { name, criteria: criteriaOf(filters) as SearchBody },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compliance', 'saved'] }),
  });
}

export function useDeleteSearch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (searchId: string) => {
      const answer = await api.DELETE('/api/Compliance/DeleteSearch', {
        params: { query: { searchId } },
      });
      if (answer.error !== undefined || !answer.response.ok) {
        throw apiError(answer);
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['compliance', 'saved'] }),
  });
}
