import { useMutation } from '@tanstack/react-query';
import { api, unwrap, type ApiPaths } from '../../lib/api.ts';

export type InviteInput = NonNullable<
  ApiPaths['/api/Users/InviteUser']['post']['requestBody']
>['content']['application/json'];

/** POST /api/Users/InviteUser (CompanyAdmin): the link comes back when no mail went out. */
export function useInviteUser() {
  return useMutation({
    mutationFn: async (body: InviteInput) =>
      unwrap(await api.POST('/api/Users/InviteUser', { body })),
  });
}

/**
 * A one-time password-reset link for the person with this email (CompanyAdmin): the person
 * found by ListUsers' search, then POST /api/Users/CreatePasswordResetLink.
 */
export function useCreateResetLink() {
  return useMutation({
    mutationFn: async (email: string) => {
      const users = unwrap(
        await api.GET('/api/Users/ListUsers', {
          params: { query: { search: email, results: 20 } },
        }),
      );
      const user = users.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
      if (!user) {
        throw new Error(`No user has the email ${email}`);
      }
      return unwrap(
        await api.POST('/api/Users/CreatePasswordResetLink', { body: { userId: user.id } }),
      );
    },
  });
}
