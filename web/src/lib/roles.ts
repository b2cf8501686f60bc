import type { ApiPaths } from './api.ts';

type UpdateUserBody = NonNullable<
  ApiPaths['/api/Users/UpdateUser']['post']['requestBody']
>['content']['application/json'];

/** A role a user may hold (several at once): the API's own list. */
export type Role = NonNullable<UpdateUserBody['roles']>[number];

/** The four roles as the web app names and explains them (invite page, user page, users list). */
export const ROLES: readonly { value: Role; label: string; hint: string }[] = [
  { value: 'User', label: 'User', hint: 'Chats with the agents assigned to them.' },
  {
    value: 'CompanyAdmin',
    label: 'Company administrator',
    hint: 'Invites people and manages agents, groups and settings.',
  },
  { value: 'Monitor', label: 'Monitor', hint: 'Reads usage and logs.' },
  { value: 'Compliance', label: 'Compliance', hint: 'Reviews conversations and scanner findings.' },
];

/** "Company administrator" for CompanyAdmin; an unknown role as it is. */
export function roleLabel(role: string): string {
  return ROLES.find((option) => option.value === role)?.label ?? role;
}
