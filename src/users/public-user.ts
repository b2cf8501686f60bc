import type { UserRecord } from '../store/store.ts';

/** A user as the API and the CLI show it: group ids, and `disabled` rather than a time. */
export function publicUser(user: UserRecord & { groups?: string[] }) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    groups: user.groups ?? [],
    disabled: user.disabledAt !== null,
    defaultAgentId: user.defaultAgentId,
  };
}
