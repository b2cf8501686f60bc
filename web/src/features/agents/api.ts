// The AI agents pages' calls to the public API (/api/Agents/*, the agent's files, the users and
// groups it is assigned to), typed by the server's OpenAPI document through lib/api.ts.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, apiError, authorizedFetch, unwrap, type ApiPaths } from '../../lib/api.ts';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Body<O> = O extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never;

export type Agent = Json<ApiPaths['/api/Agents/ListAllAgents']['get']['responses'][200]>[number];
export type Engine = Agent['engine'];
export type NewAgent = Body<ApiPaths['/api/Agents/CreateAgent']['post']>;
export type AgentChanges = Omit<Body<ApiPaths['/api/Agents/UpdateAgent']['post']>, 'agentId'>;
export type AgentFile = Json<
  ApiPaths['/api/Agents/ListAgentFiles/{agentId}']['get']['responses'][200]
>[number];
/** Every scanner's policy (GET /api/Scanners/Defaults). */
export type ScannerPolicies = Json<ApiPaths['/api/Scanners/Defaults']['get']['responses'][200]>;
/** Changes to some scanners' policies (PUT /api/Scanners/Defaults' body, an agent's `scanners`). */
export type ScannerPoliciesPatch = Body<ApiPaths['/api/Scanners/Defaults']['put']>;
export type UserSummary = Json<ApiPaths['/api/Users/ListUsers']['get']['responses'][200]>[number];
export type Group = Json<ApiPaths['/api/Groups/ListGroups']['get']['responses'][200]>[number];

/** GET /api/Agents/ListTemplates: a starting point for a new agent. */
export type AgentTemplate = Json<
  ApiPaths['/api/Agents/ListTemplates']['get']['responses'][200]
>[number];
/** POST /api/Agents/TestConnection: an agent's saved settings, with these overriding them. */
export type ConnectionTest = Body<ApiPaths['/api/Agents/TestConnection']['post']>;
export type ConnectionResult = Json<
  ApiPaths['/api/Agents/TestConnection']['post']['responses'][200]
>;

/** What the groups select and a user's picker offer at most. */
const MAX_GROUPS = 1000;
const USER_MATCHES = 10;

export const agentKeys = {
  all: ['admin', 'agents'] as const,
  list: ['admin', 'agents', 'list'] as const,
  templates: ['admin', 'agents', 'templates'] as const,
  files: (agentId: string) => ['admin', 'agents', 'files', agentId] as const,
  scannerDefaults: ['admin', 'agents', 'scanner-defaults'] as const,
  groups: ['admin', 'agents', 'groups'] as const,
  user: (userId: string) => ['admin', 'agents', 'user', userId] as const,
  userSearch: (search: string) => ['admin', 'agents', 'user-search', search] as const,
  customApis: ['admin', 'agents', 'custom-apis'] as const,
  customDatabases: ['admin', 'agents', 'custom-databases'] as const,
};

export const agentsQuery = queryOptions({
  queryKey: agentKeys.list,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/Agents/ListAllAgents', { signal })),
});

export const templatesQuery = queryOptions({
  queryKey: agentKeys.templates,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/Agents/ListTemplates', { signal })),
  staleTime: Infinity,
});

export const scannerDefaultsQuery = queryOptions({
  queryKey: agentKeys.scannerDefaults,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/Scanners/Defaults', { signal })),
});

/** The custom APIs an agent may be given (its Tools tab), by name. */
export const customApisQuery = queryOptions({
  queryKey: agentKeys.customApis,
  queryFn: async ({ signal }) => unwrap(await api.GET('/api/CustomApis/ListApis', { signal })),
});

/** The custom databases an agent may be given, by name. */
export const customDatabasesQuery = queryOptions({
  queryKey: agentKeys.customDatabases,
  queryFn: async ({ signal }) =>
    unwrap(await api.GET('/api/CustomDatabases/ListDatabases', { signal })),
});

export function agentFilesQuery(agentId: string) {
  return queryOptions({
    queryKey: agentKeys.files(agentId),
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/Agents/ListAgentFiles/{agentId}', {
          params: { path: { agentId } },
          signal,
        }),
      ),
  });
}

export const groupsQuery = queryOptions({
  queryKey: agentKeys.groups,
  queryFn: async ({ signal }) =>
    unwrap(
      await api.GET('/api/Groups/ListGroups', {
        params: { query: { results: MAX_GROUPS } },
        signal,
      }),
    ),
});

export function userQuery(userId: string) {
  return queryOptions({
    queryKey: agentKeys.user(userId),
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/Users/GetUser/{userId}', { params: { path: { userId } }, signal }),
      ),
    staleTime: 60_000,
  });
}

export function userSearchQuery(search: string) {
  return queryOptions({
    queryKey: agentKeys.userSearch(search),
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/Users/ListUsers', {
          params: { query: { search, results: USER_MATCHES } },
          signal,
        }),
      ),
    enabled: search.length > 0,
    staleTime: 30_000,
  });
}

/** After a change to agents: the admin list, and the chat's list of usable agents. */
function useRefreshAgents() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: agentKeys.list }),
      // The chat's own list (its key), so an agent just assigned shows there at once.
      queryClient.invalidateQueries({ queryKey: ['chat', 'agents'] }),
    ]);
}

export function useCreateAgent() {
  const refresh = useRefreshAgents();
  return useMutation({
    mutationFn: async (body: NewAgent) =>
      unwrap(await api.POST('/api/Agents/CreateAgent', { body })),
    onSuccess: refresh,
  });
}

/** UpdateAgent changes only the fields it is given. */
export function useUpdateAgent(agentId: string) {
  const refresh = useRefreshAgents();
  return useMutation({
    mutationFn: async (changes: AgentChanges) =>
      unwrap(await api.POST('/api/Agents/UpdateAgent', { body: { agentId, ...changes } })),
    onSuccess: refresh,
  });
}

/**
 * DeleteAgent. The list forgets the agent only when `forget` is called (after leaving its page,
 * which would otherwise say "not found" for a moment).
 */
export function useDeleteAgent() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: async (agentId: string) =>
      unwrap(
        await api.DELETE('/api/Agents/DeleteAgent/{agentId}', { params: { path: { agentId } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['chat', 'agents'] }),
  });
  const forget = (agentId: string) => {
    queryClient.setQueryData(agentsQuery.queryKey, (agents) =>
      agents?.filter((agent) => agent.id !== agentId),
    );
    return queryClient.invalidateQueries({ queryKey: agentKeys.list });
  };
  return { ...mutation, forget };
}

/** Exactly one of userId and groupId. */
export type Assignee = { userId: string } | { groupId: string };

export function useAssignment(agentId: string) {
  const refresh = useRefreshAgents();
  return useMutation({
    mutationFn: async ({ assign, ...who }: Assignee & { assign: boolean }) =>
      unwrap(
        await api.POST(assign ? '/api/Agents/AssignAgent' : '/api/Agents/UnassignAgent', {
          body: { agentId, ...who },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useTestConnection() {
  return useMutation({
    mutationFn: async (body: ConnectionTest): Promise<ConnectionResult> =>
      unwrap(await api.POST('/api/Agents/TestConnection', { body })),
  });
}

/** Multipart, one part per file: the agent's own files, read in every user's conversations. */
export function useUploadAgentFiles(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (files: readonly File[]) => {
      const form = new FormData();
      for (const file of files) {
        form.append('file', file, file.name);
      }
      const response = await authorizedFetch(
        `/api/Chat/AddFilesToAgent/${encodeURIComponent(agentId)}`,
        { method: 'POST', body: form, headers: { Accept: 'application/json' } },
      );
      return json<AgentFile[]>(response);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: agentKeys.files(agentId) }),
  });
}

export function useDeleteAgentFile(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (fileId: string) =>
      unwrap(await api.DELETE('/api/Chat/DeleteFile/{fileId}', { params: { path: { fileId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentKeys.files(agentId) }),
  });
}

/** The JSON of a success, or the answer's problem details as an ApiError. */
async function json<T>(response: Response): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    throw apiError({ error: body, response });
  }
  return body as T;
}
