import { Type, type Static } from 'typebox';
import type { CredentialSummary } from '../../users/user-credentials.ts';
import { isoTime } from '../../lib/iso-time.ts';
import { ROLES } from '../../vocabulary/roles.ts';
import {
  MAX_EMAIL_CHARS,
  MAX_NAME_CHARS,
  MAX_PROVIDER_CHARS,
  MAX_SECRET_CHARS,
} from '../../vocabulary/limits.ts';
import { Id, Nullable, SearchPageQuerySchema, Timestamp } from './common.ts';

const RoleSchema = Type.Enum(ROLES);

export const UserSchema = Type.Object({
  id: Type.String({ examples: ['user_42'] }),
  email: Type.String({ examples: ['ada@example.com'] }),
  name: Type.String({ examples: ['Ada Lovelace'] }),
  roles: Type.Array(RoleSchema, { examples: [['User']] }),
  groups: Type.Array(Type.String(), { description: 'Ids of the groups the user belongs to' }),
  disabled: Type.Boolean({ description: 'A disabled user cannot get tokens and its tokens fail' }),
  defaultAgentId: Nullable(
    Type.String({
      description: "The agent the user's chat opens with (SetDefaultAgent); null: none",
    }),
  ),
});

export const ListUsersQuerySchema = Type.Object({
  ...SearchPageQuerySchema.properties,
  after: Type.Optional(
    Type.String({
      maxLength: MAX_EMAIL_CHARS,
      description:
        'Keyset cursor: the lower-cased email of the last user seen. A full page links the next one in a Link header (rel="next"), and every page then costs the same.',
    }),
  ),
});

const Email = Type.String({ maxLength: MAX_EMAIL_CHARS, examples: ['ada@example.com'] });
const Name = Type.String({ maxLength: MAX_NAME_CHARS, examples: ['Ada Lovelace'] });
const UserId = Id({ examples: ['user_42'] });
const GroupId = Id();

export const CreateUserBodySchema = Type.Object({
  email: Email,
  name: Name,
  roles: Type.Optional(
    Type.Array(RoleSchema, { maxItems: ROLES.length, description: 'Default ["User"]' }),
  ),
  id: Type.Optional(Id({ description: 'Defaults to a new GUID', examples: ['user_42'] })),
});

export const UserIdParamsSchema = Type.Object({ userId: UserId });

export const UserIdBodySchema = Type.Object({ userId: UserId });

export const UpdateUserBodySchema = Type.Object({
  userId: UserId,
  email: Type.Optional(Email),
  name: Type.Optional(Name),
  roles: Type.Optional(Type.Array(RoleSchema, { maxItems: ROLES.length })),
  disabled: Type.Optional(Type.Boolean()),
});

export const MembershipBodySchema = Type.Object({ userId: UserId, groupId: GroupId });

export const MembershipSchema = Type.Object({
  userId: UserId,
  groupId: GroupId,
  added: Type.Boolean({ description: 'False when the user already was a member' }),
});

const Provider = Type.String({ maxLength: MAX_PROVIDER_CHARS, examples: ['openai'] });

export const SetUserTokenBodySchema = Type.Object({
  userId: UserId,
  provider: Provider,
  token: Type.String({ maxLength: MAX_SECRET_CHARS, description: 'Write-only: never returned' }),
});

export const ClearUserTokenQuerySchema = Type.Object({ userId: UserId, provider: Provider });

export const UserTokenSchema = Type.Object({
  userId: UserId,
  provider: Provider,
  isSet: Type.Literal(true),
  last4: Type.String({ examples: ['x9Qz'] }),
  updatedAt: Timestamp(),
});

export function userTokenResponse(summary: CredentialSummary): Static<typeof UserTokenSchema> {
  return { ...summary, updatedAt: isoTime(summary.updatedAt) };
}
