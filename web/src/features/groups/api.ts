import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { forgetDeleted } from '../../lib/forget-deleted.ts';
import { api, unwrap } from '../../lib/api.ts';

// The Groups pages' calls. Keys start with 'groups' (or 'users', 'agents' for what a change to a
// group also changes), as on the Users pages.

export const GROUPS_PAGE_SIZE = 50;

/** One page of GET /api/Groups/ListGroups (by name, with member counts); `more` when full. */
export const groupsPageQuery = (search: string, skip: number) =>
  queryOptions({
    queryKey: ['groups', 'list', { search, skip }] as const,
    queryFn: async () => {
      const groups = unwrap(
        await api.GET('/api/Groups/ListGroups', {
          params: { query: { results: GROUPS_PAGE_SIZE, skip, ...(search ? { search } : {}) } },
        }),
      );
      return { groups, more: groups.length === GROUPS_PAGE_SIZE, search };
    },
    placeholderData: keepPreviousData,
  });

type GroupsPage = Awaited<ReturnType<NonNullable<ReturnType<typeof groupsPageQuery>['queryFn']>>>;

export const groupQuery = (groupId: string) =>
  queryOptions({
    queryKey: ['groups', 'one', groupId] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/Groups/GetGroup/{groupId}', { params: { path: { groupId } } })),
  });

export type GroupDetail = Awaited<
  ReturnType<NonNullable<ReturnType<typeof groupQuery>['queryFn']>>
>;

/** People whose email or name contains `search`: the candidates to add to a group. */
export const userSearchQuery = (search: string) =>
  queryOptions({
    queryKey: ['users', 'search', search] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/Users/ListUsers', { params: { query: { search, results: 10 } } })),
    enabled: search !== '',
    placeholderData: keepPreviousData,
  });

export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; description?: string }) =>
      unwrap(await api.POST('/api/Groups/CreateGroup', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['groups'] }),
  });
}

/** POST /api/Groups/UpdateGroup: 409 when another group has the name (in any case). */
export function useRenameGroup(groupId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) =>
      unwrap(await api.POST('/api/Groups/UpdateGroup', { body: { groupId, name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['groups'] }),
  });
}

/** Deletes the group; its users stay (and lose what the group gave them). */
export function useDeleteGroup(groupId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE('/api/Groups/DeleteGroup/{groupId}', { params: { path: { groupId } } }),
      ),
    onSuccess: () =>
      forgetDeleted<GroupsPage>(queryClient, {
        itemKey: groupQuery(groupId).queryKey,
        listKey: ['groups', 'list'],
        withoutIt: (page) => ({
          ...page,
          groups: page.groups.filter((group) => group.id !== groupId),
        }),
        stale: ['groups', 'users', 'agents'],
      }),
  });
}
