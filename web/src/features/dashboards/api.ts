import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiPaths } from '../../lib/api.ts';

// The dashboards pages' calls (tag Dashboards, Monitor and CompanyAdmin). Saved dashboards are
// shared by everyone with those roles.

export type Dashboard =
  ApiPaths['/api/Dashboards/GetDashboard/{dashboardId}']['get']['responses'][200]['content']['application/json'];
export type DashboardElement = Dashboard['elements'][number];
export type ElementQuery = DashboardElement['query'];
export type ElementKind = ElementQuery['kind'];
export type Metric = NonNullable<ElementQuery['metric']>;
export type Dimension = NonNullable<ElementQuery['dimension']>;
export type ElementResult =
  ApiPaths['/api/Dashboards/QueryElement']['post']['responses'][200]['content']['application/json'];
export type Totals = NonNullable<ElementResult['totals']>;

export const KINDS: readonly { value: ElementKind; label: string }[] = [
  { value: 'totals', label: 'Totals' },
  { value: 'topN', label: 'Top N' },
  { value: 'chart', label: 'Chart per day' },
  { value: 'map', label: 'Map by country' },
];

export const METRICS: readonly { value: Metric; label: string }[] = [
  { value: 'messages', label: 'Messages' },
  { value: 'prompts', label: 'Questions' },
  { value: 'answers', label: 'Answers' },
  { value: 'tokens', label: 'Tokens' },
  { value: 'cost', label: 'Cost (USD)' },
  { value: 'blocks', label: 'Blocked messages' },
  { value: 'errors', label: 'Provider errors' },
];

export const DIMENSIONS: readonly { value: Dimension; label: string }[] = [
  { value: 'user', label: 'User' },
  { value: 'agent', label: 'Agent' },
  { value: 'model', label: 'Model' },
  { value: 'group', label: 'Group' },
  { value: 'country', label: 'Country' },
];

export function metricLabel(metric: Metric): string {
  return METRICS.find((option) => option.value === metric)?.label ?? metric;
}

/**
 * What a new monitor sees at once: the month's totals, the trend, who asks most, where blocks come
 * from (in this order the two tables share a row beside each other on wide screens).
 */
export const STARTER_ELEMENTS: DashboardElement[] = [
  { title: 'Totals', query: { kind: 'totals', metric: 'messages' } },
  { title: 'Messages per day', query: { kind: 'chart', metric: 'messages' } },
  {
    title: 'Top 10 users by messages',
    query: { kind: 'topN', metric: 'messages', dimension: 'user', limit: 10 },
  },
  { title: 'Blocked messages by country', query: { kind: 'map', metric: 'blocks' } },
];

export const dashboardsQuery = queryOptions({
  queryKey: ['dashboards', 'list'] as const,
  queryFn: async () => unwrap(await api.GET('/api/Dashboards/ListDashboards')),
});

export function dashboardQuery(dashboardId: string) {
  return queryOptions({
    queryKey: ['dashboards', 'one', dashboardId] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/Dashboards/GetDashboard/{dashboardId}', {
          params: { path: { dashboardId } },
        }),
      ),
  });
}

/** One element's figures over the last `lastDays` days (the page's range overrides the saved one). */
export function elementQuery(query: ElementQuery, lastDays: number) {
  const body: ElementQuery = { ...query, range: { lastDays } };
  return queryOptions({
    queryKey: ['dashboards', 'element', body] as const,
    queryFn: async () => unwrap(await api.POST('/api/Dashboards/QueryElement', { body })),
    staleTime: 60_000,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['dashboards'] });
}

export function useCreateDashboard() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: { name: string; elements: DashboardElement[] }) =>
      unwrap(await api.POST('/api/Dashboards/CreateDashboard', { body })),
    onSuccess: refresh,
  });
}

export function useUpdateDashboard() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({
      dashboardId,
      ...body
    }: {
      dashboardId: string;
      name: string;
      elements: DashboardElement[];
    }) =>
      unwrap(
        await api.POST('/api/Dashboards/UpdateDashboard/{dashboardId}', {
          params: { path: { dashboardId } },
          body,
        }),
      ),
    onSuccess: refresh,
  });
}

export function useDeleteDashboard() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (dashboardId: string) =>
      unwrap(
        await api.POST('/api/Dashboards/DeleteDashboard/{dashboardId}', {
          params: { path: { dashboardId } },
        }),
      ),
    onSuccess: refresh,
  });
}
