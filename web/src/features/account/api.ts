import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, sessionApi, sessionQuery, unwrap } from '../../lib/api.ts';

export const sessionsQuery = queryOptions({
  queryKey: ['account', 'sessions'] as const,
  queryFn: async () => unwrap(await sessionApi.GET('/api/Account/Sessions')).sessions,
});

export const providerKeysQuery = (userId: string) =>
  queryOptions({
    queryKey: ['account', 'provider-keys', userId] as const,
    queryFn: async () =>
      unwrap(await api.GET('/api/Users/ListUserTokens/{userId}', { params: { path: { userId } } })),
  });

/** Reloads the session (name, two-factor state) after a change to the account. */
function useRefreshSession() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
}

export function useUpdateProfile() {
  const refresh = useRefreshSession();
  return useMutation({
    mutationFn: async (name: string) =>
      unwrap(await sessionApi.PUT('/api/Account/Profile', { body: { name } })),
    onSuccess: refresh,
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) =>
      unwrap(await sessionApi.POST('/api/Account/ChangePassword', { body })),
    // The server signed the other sessions out.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey }),
  });
}

export function useBeginTwoFactor() {
  return useMutation({
    mutationFn: async () => unwrap(await sessionApi.POST('/api/Account/TwoFactor/Begin')),
  });
}

export function useEnableTwoFactor() {
  return useMutation({
    mutationFn: async (code: string) =>
      unwrap(await sessionApi.POST('/api/Account/TwoFactor/Enable', { body: { code } })),
  });
}

export function useDisableTwoFactor() {
  const refresh = useRefreshSession();
  return useMutation({
    mutationFn: async (password: string) =>
      unwrap(await sessionApi.POST('/api/Account/TwoFactor/Disable', { body: { password } })),
    onSuccess: refresh,
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (sessionId: string) =>
      unwrap(
        await sessionApi.DELETE('/api/Account/Sessions/{sessionId}', {
          params: { path: { sessionId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey }),
  });
}

export function useSetProviderKey(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { provider: string; token: string }) =>
      unwrap(await api.POST('/api/Users/SetUserToken', { body: { userId, ...input } })),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: providerKeysQuery(userId).queryKey }),
  });
}

export function useClearProviderKey(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (provider: string) =>
      unwrap(
        await api.DELETE('/api/Users/SetUserToken', { params: { query: { userId, provider } } }),
      ),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: providerKeysQuery(userId).queryKey }),
  });
}
