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
