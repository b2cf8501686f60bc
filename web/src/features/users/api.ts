import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { forgetDeleted } from '../../lib/forget-deleted.ts';
import { ApiError, api, authorizedFetch, unwrap, type ApiPaths } from '../../lib/api.ts';

// The Users pages' calls. Query keys start with 'users', 'groups' or 'agents', so a change made on
// one admin page refreshes what the others show of it.

export type User =
  ApiPaths['/api/Users/GetUser/{userId}']['get']['responses'][200]['content']['application/json'];
type UpdateUserBody = NonNullable<
  ApiPaths['/api/Users/UpdateUser']['post']['requestBody']
>['content']['application/json'];
export type UserChanges = Omit<UpdateUserBody, 'userId'>;

export const USERS_PAGE_SIZE = 50;

/** The `after` cursor of a `Link: <…after=…>; rel="next"` header, if the answer has one. */
export function nextCursor(link: string | null): string | undefined {
  const target = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(link ?? '')?.[1];
  return target
    ? (new URL(target, location.origin).searchParams.get('after') ?? undefined)
    : undefined;
}

/** One page of GET /api/Users/ListUsers, ordered by email, and the cursor of the next one. */
export const usersPageQuery = (search: string, after: string | undefined) =>
  queryOptions({
    queryKey: ['users', 'list', { search, after }] as const,
    queryFn: async () => {
      const answer = await api.GET('/api/Users/ListUsers', {
        params: {
          query: {
            results: USERS_PAGE_SIZE,
            ...(search ? { search } : {}),
            ...(after ? { after } : {}),
          },
        },
      });
      return {
        users: unwrap(answer),
        next: nextCursor(answer.response.headers.get('Link')),
        // What the page answers (while the next one loads, the screen still shows this one).
        search,
        after,
      };
    },
    placeholderData: keepPreviousData,
  });

type UsersPage = Awaited<ReturnType<NonNullable<ReturnType<typeof usersPageQuery>['queryFn']>>>;

export const userQuery = (userId: string) =>
  queryOptions({
    queryKey: ['users', 'one', userId] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/Users/GetUser/{userId}', { params: { path: { userId } } })),
  });

/** Every group (up to the API's page limit), by name: the choices for a membership. */
export const allGroupsQuery = queryOptions({
  queryKey: ['groups', 'all'] as const,
  queryFn: async () =>
    unwrap(await api.GET('/api/Groups/ListGroups', { params: { query: { results: 1000 } } })),
});

/** Every agent with the users and groups it is assigned to (GET /api/Agents/ListAllAgents). */
export const allAgentsQuery = queryOptions({
  queryKey: ['agents', 'with-assignments'] as const,
  queryFn: async () => unwrap(await api.GET('/api/Agents/ListAllAgents')),
});

export type AgentWithAssignments = Awaited<
  ReturnType<NonNullable<typeof allAgentsQuery.queryFn>>
>[number];

export function useUpdateUser(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: UserChanges) =>
      unwrap(await api.POST('/api/Users/UpdateUser', { body: { userId, ...changes } })),
    onSuccess: (user) => {
      queryClient.setQueryData(userQuery(userId).queryKey, user);
      return queryClient.invalidateQueries({ queryKey: ['users', 'list'] });
    },
  });
}

export function useDeleteUser(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE('/api/Users/DeleteUser/{userId}', { params: { path: { userId } } })),
    onSuccess: () =>
      forgetDeleted<UsersPage>(queryClient, {
        itemKey: userQuery(userId).queryKey,
        listKey: ['users', 'list'],
        withoutIt: (page) => ({ ...page, users: page.users.filter((user) => user.id !== userId) }),
        stale: ['users', 'groups', 'agents'],
      }),
  });
}

/**
 * Adds a user to a group, or takes them out of it (the user and the group stay): from the user's
 * page and from the group's.
 */
export function useMembership() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      userId,
      groupId,
      member,
    }: {
      userId: string;
      groupId: string;
      member: boolean;
    }) => {
      const body = { body: { userId, groupId } };
      if (member) {
        unwrap(await api.POST('/api/Users/AddUserToGroup', body));
      } else {
        unwrap(await api.POST('/api/Users/RemoveUserFromGroup', body));
      }
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['users'] }),
        queryClient.invalidateQueries({ queryKey: ['groups'] }),
      ]),
  });
}

/** Who an agent is given to: one user, or every member of one group. */
export type AssignmentTarget = { userId: string } | { groupId: string };

export function useAgentAssignment(target: AssignmentTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ agentId, assigned }: { agentId: string; assigned: boolean }) => {
      const body = { body: { agentId, ...target } };
      if (assigned) {
        unwrap(await api.POST('/api/Agents/AssignAgent', body));
      } else {
        unwrap(await api.POST('/api/Agents/UnassignAgent', body));
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['agents'] }),
  });
}

/** POST /api/Users/SetDefaultAgent: null clears the default. */
export function useSetDefaultAgent(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (agentId: string | null) =>
      unwrap(await api.POST('/api/Users/SetDefaultAgent', { body: { userId, agentId } })),
    // The user shows their default agent; an agent, who may use it.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['users'] }),
        queryClient.invalidateQueries({ queryKey: ['agents'] }),
      ]),
  });
}

export function useCreateResetLink(userId: string) {
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/Users/CreatePasswordResetLink', { body: { userId } })),
  });
}

/** POST /api/Users/ImportUsers's answer: one entry per failed row, and the invitations made. */
export type ImportReport =
  ApiPaths['/api/Users/ImportUsers']['post']['responses'][200]['content']['application/json'];

/** Sends a CSV file (header `email,name,roles,groups`) as text/csv; a bad row fails alone. */
export function useImportUsers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ csv, invite }: { csv: Blob | string; invite: boolean }) => {
      const response = await authorizedFetch(`/api/Users/ImportUsers?invite=${invite}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: csv,
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        throw new ApiError(
          response.status,
          typeof body === 'object' && body !== null ? (body as ApiError['problem']) : undefined,
        );
      }
      return body as ImportReport;
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['users'] }),
        queryClient.invalidateQueries({ queryKey: ['groups'] }),
      ]),
  });
}
