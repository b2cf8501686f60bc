import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiPaths } from '../../lib/api.ts';

// The API clients page's calls (tag Clients, CompanyAdmin). A change refreshes the list and the
// audit log, which records every one.

export type ApiClient =
  ApiPaths['/api/Clients/ListClients']['get']['responses'][200]['content']['application/json'][number];
export type ClientWithSecret =
  ApiPaths['/api/Clients/CreateClient']['post']['responses'][201]['content']['application/json'];
export type ClientChanges = { name?: string; redirectUris?: string[]; disabled?: boolean };

export const clientsQuery = queryOptions({
  queryKey: ['clients', 'list'] as const,
  queryFn: async () => unwrap(await api.GET('/api/Clients/ListClients')),
});

function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['clients'] }),
      queryClient.invalidateQueries({ queryKey: ['logs'] }),
    ]);
}

export function useCreateClient() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: { name: string; redirectUris: string[] }) =>
      unwrap(await api.POST('/api/Clients/CreateClient', { body })),
    onSuccess: refresh,
  });
}

export function useUpdateClient() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ clientId, ...changes }: ClientChanges & { clientId: string }) =>
      unwrap(await api.POST('/api/Clients/UpdateClient', { body: { clientId, ...changes } })),
    onSuccess: refresh,
  });
}

export function useRotateSecret() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: { clientId: string; graceSeconds: number }) =>
      unwrap(await api.POST('/api/Clients/RotateClientSecret', { body })),
    onSuccess: refresh,
  });
}

export function useUnlockClient() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (clientId: string) =>
      unwrap(await api.POST('/api/Clients/UnlockClient', { body: { clientId } })),
    onSuccess: refresh,
  });
}

export function useDeleteClient() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (clientId: string) =>
      unwrap(
        await api.DELETE('/api/Clients/DeleteClient/{clientId}', {
          params: { path: { clientId } },
        }),
      ),
    onSuccess: refresh,
  });
}

/** Whether a moment the API gave is still ahead (a lock, a grace period). */
export function isAhead(iso: string | null): iso is string {
  return iso !== null && Date.parse(iso) > Date.now();
}
