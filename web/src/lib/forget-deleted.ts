import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * After a delete: drops the deleted item's own query, takes it out of the list pages in the cache
 * at once, and marks what else it changed stale. Stale, not refetched: refetching the page still
 * open would only find the deleted one missing; the next page to show it fetches it again.
 */
export function forgetDeleted<Page>(
  queryClient: QueryClient,
  deleted: {
    itemKey: QueryKey;
    listKey: QueryKey;
    withoutIt: (page: Page) => Page;
    stale: readonly string[];
  },
): void {
  queryClient.removeQueries({ queryKey: deleted.itemKey });
  queryClient.setQueriesData<Page>(
    { queryKey: deleted.listKey },
    (page) => page && deleted.withoutIt(page),
  );
  for (const key of deleted.stale) {
    void queryClient.invalidateQueries({ queryKey: [key], refetchType: 'none' });
  }
}
