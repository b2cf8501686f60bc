import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { sessionApi, unwrap } from './api.ts';

/** GET /api/Account/Options: first run, SSO button, password policy, whether mail goes out. */
export const accountOptionsQuery = queryOptions({
  queryKey: ['account', 'options'] as const,
  queryFn: async () => unwrap(await sessionApi.GET('/api/Account/Options')),
  staleTime: 5 * 60_000,
});

export function useAccountOptions() {
  return useSuspenseQuery(accountOptionsQuery).data;
}
