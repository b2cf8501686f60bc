import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiPaths } from '../../lib/api.ts';

// The usage page's calls (tag Usage, CompanyAdmin). A change refreshes prices, budgets and the
// audit log, which records every one.

export type Price =
  ApiPaths['/api/Usage/ListPrices']['get']['responses'][200]['content']['application/json'][number];
export type Budget =
  ApiPaths['/api/Usage/ListBudgets']['get']['responses'][200]['content']['application/json'][number];
export type PriceInput =
  ApiPaths['/api/Usage/SetPrice']['post']['requestBody']['content']['application/json'];
export type BudgetInput =
  ApiPaths['/api/Usage/CreateBudget']['post']['requestBody']['content']['application/json'];

export const pricesQuery = queryOptions({
  queryKey: ['usage', 'prices'] as const,
  queryFn: async () => unwrap(await api.GET('/api/Usage/ListPrices')),
});

export const budgetsQuery = queryOptions({
  queryKey: ['usage', 'budgets'] as const,
  queryFn: async () => unwrap(await api.GET('/api/Usage/ListBudgets')),
});

function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['usage'] }),
      queryClient.invalidateQueries({ queryKey: ['logs'] }),
    ]);
}

export function useSetPrice() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: PriceInput) => unwrap(await api.POST('/api/Usage/SetPrice', { body })),
    onSuccess: refresh,
  });
}

export function useDeletePrice() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: { engine: Price['engine']; model: string }) =>
      unwrap(await api.POST('/api/Usage/DeletePrice', { body })),
    onSuccess: refresh,
  });
}

/** Creates a budget, or replaces the terms of the one whose id is given. */
export function useSaveBudget() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ budgetId, ...body }: BudgetInput & { budgetId?: string }) =>
      budgetId
        ? unwrap(await api.POST('/api/Usage/UpdateBudget', { body: { budgetId, ...body } }))
        : unwrap(await api.POST('/api/Usage/CreateBudget', { body })),
    onSuccess: refresh,
  });
}

export function useDeleteBudget() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (budgetId: string) =>
      unwrap(
        await api.DELETE('/api/Usage/DeleteBudget/{budgetId}', { params: { path: { budgetId } } }),
      ),
    onSuccess: refresh,
  });
}
