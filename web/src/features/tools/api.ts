// The Custom APIs and Custom databases pages' calls (tags CustomApis, CustomDatabases, Secrets;
// CompanyAdmin), typed by the server's OpenAPI document through lib/api.ts. A change refreshes
// the lists, the agents (whose tools they are) and the audit log, which records every one.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type ApiPaths } from '../../lib/api.ts';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Body<O> = O extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never;

export type CustomApi = Json<ApiPaths['/api/CustomApis/ListApis']['get']['responses'][200]>[number];
export type NewCustomApi = Body<ApiPaths['/api/CustomApis/CreateApi']['post']>;
export type ApiTestResult = Json<ApiPaths['/api/CustomApis/TestApi']['post']['responses'][200]>;
export type ImportRequest = Body<ApiPaths['/api/CustomApis/ImportOpenApi']['post']>;
export type ImportPreview = Json<
  ApiPaths['/api/CustomApis/ImportOpenApi']['post']['responses'][200]
>;
export type CustomDatabase = Json<
  ApiPaths['/api/CustomDatabases/ListDatabases']['get']['responses'][200]
>[number];
export type NewCustomDatabase = Body<ApiPaths['/api/CustomDatabases/CreateDatabase']['post']>;
export type DatabaseTestResult = Json<
  ApiPaths['/api/CustomDatabases/TestDatabase']['post']['responses'][200]
>;
export type Secret = Json<ApiPaths['/api/Secrets/ListSecrets']['get']['responses'][200]>[number];

export const toolKeys = {
  apis: ['admin', 'custom-apis'] as const,
  databases: ['admin', 'custom-databases'] as const,
  secrets: ['admin', 'secrets'] as const,
};

export const customApisQuery = queryOptions({
  queryKey: toolKeys.apis,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/CustomApis/ListApis', { signal })),
});

export const customDatabasesQuery = queryOptions({
  queryKey: toolKeys.databases,
  queryFn: async ({ signal }) =>
    unwrap(await api.GET('/api/CustomDatabases/ListDatabases', { signal })),
});

/** The custom secrets' names (never a value), for the secret pickers. */
export const secretsQuery = queryOptions({
  queryKey: toolKeys.secrets,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/Secrets/ListSecrets', { signal })),
  staleTime: 30_000,
});

function useRefresh(key: readonly string[]) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: key }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'agents'] }),
      queryClient.invalidateQueries({ queryKey: ['logs'] }),
    ]);
}

export function useCreateApi() {
  const refresh = useRefresh(toolKeys.apis);
  return useMutation({
    mutationFn: async (body: NewCustomApi) =>
      unwrap(await api.POST('/api/CustomApis/CreateApi', { body })),
    onSuccess: refresh,
  });
}

export function useUpdateApi(apiId: string) {
  const refresh = useRefresh(toolKeys.apis);
  return useMutation({
    mutationFn: async (changes: NewCustomApi) =>
      unwrap(await api.POST('/api/CustomApis/UpdateApi', { body: { apiId, ...changes } })),
    onSuccess: refresh,
  });
}

/** DeleteApi; a 409 names the agents that still use it (the dialog shows it). */
export function useDeleteApi() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (apiId: string) =>
      unwrap(
        await api.DELETE('/api/CustomApis/DeleteApi/{apiId}', { params: { path: { apiId } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['logs'] }),
  });
}

/** A real call to the API as it is saved, as the admin: its answer or its error. */
export function useTestApi() {
  return useMutation({
    mutationFn: async ({ apiId, arguments: args }: { apiId: string; arguments: object }) =>
      unwrap(
        await api.POST('/api/CustomApis/TestApi', {
          body: { apiId, arguments: args as Record<string, unknown> },
        }),
      ),
  });
}

/** What an OpenAPI document would give (dry run): nothing is stored. */
export function usePreviewImport() {
  return useMutation({
    // A dry run answers 200 only (its operations, with nameTaken), never 201's APIs.
    mutationFn: async (body: Omit<ImportRequest, 'dryRun'>) =>
      unwrap(
        await api.POST('/api/CustomApis/ImportOpenApi', { body: { ...body, dryRun: true } }),
      ) as ImportPreview,
  });
}

export function useImportApis() {
  const refresh = useRefresh(toolKeys.apis);
  return useMutation({
    mutationFn: async (body: Omit<ImportRequest, 'dryRun'>) =>
      unwrap(await api.POST('/api/CustomApis/ImportOpenApi', { body })),
    onSuccess: refresh,
  });
}

export function useCreateDatabase() {
  const refresh = useRefresh(toolKeys.databases);
  return useMutation({
    mutationFn: async (body: NewCustomDatabase) =>
      unwrap(await api.POST('/api/CustomDatabases/CreateDatabase', { body })),
    onSuccess: refresh,
  });
}

export function useUpdateDatabase(databaseId: string) {
  const refresh = useRefresh(toolKeys.databases);
  return useMutation({
    mutationFn: async (changes: NewCustomDatabase) =>
      unwrap(
        await api.POST('/api/CustomDatabases/UpdateDatabase', {
          body: { databaseId, ...changes },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useDeleteDatabase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (databaseId: string) =>
      unwrap(
        await api.DELETE('/api/CustomDatabases/DeleteDatabase/{databaseId}', {
          params: { path: { databaseId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['logs'] }),
  });
}

/** Connects with the saved settings: whether it works, and whether the role could write. */
export function useTestDatabase() {
  return useMutation({
    mutationFn: async (databaseId: string) =>
      unwrap(await api.POST('/api/CustomDatabases/TestDatabase', { body: { databaseId } })),
  });
}

/**
 * After a delete, once the page has left the deleted item: drop it from the list (its page would
 * otherwise say "not found" for a moment), then read the list again.
 */
export function useForget(key: readonly string[]) {
  const queryClient = useQueryClient();
  return (id: string) => {
    queryClient.setQueryData<{ id: string }[]>(key, (items) =>
      items?.filter((item) => item.id !== id),
    );
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: key }),
      queryClient.invalidateQueries({ queryKey: ['admin', 'agents'] }),
    ]);
  };
}

/** SetSecret for a new name: sealed with the master key, never shown again. */
export function useAddSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; value: string }) =>
      unwrap(await api.POST('/api/Secrets/SetSecret', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: toolKeys.secrets }),
  });
}
