import { Type } from 'typebox';
import { ROLES } from '../../users/roles.ts';
import { MAX_PAGE_SIZE } from '../../users/user-input.ts';

const RoleSchema = Type.Enum(ROLES);

export const UserSchema = Type.Object({
  id: Type.String({ examples: ['user_42'] }),
  email: Type.String({ examples: ['ada@example.com'] }),
  name: Type.String({ examples: ['Ada Lovelace'] }),
  roles: Type.Array(RoleSchema, { examples: [['User']] }),
  groups: Type.Array(Type.String(), { description: 'Ids of the groups the user belongs to' }),
  disabled: Type.Boolean({ description: 'A disabled user cannot get tokens and its tokens fail' }),
});

export const PageQuerySchema = Type.Object({
  results: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_PAGE_SIZE, default: 20, description: 'Page size' }),
  ),
  skip: Type.Optional(
    Type.Integer({ minimum: 0, default: 0, description: 'How many to skip: (page-1)*results' }),
  ),
  search: Type.Optional(
    Type.String({ maxLength: 200, description: 'Substring to look for, any case' }),
  ),
});

export const ListUsersQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  after: Type.Optional(
    Type.String({
      maxLength: 254,
      description:
        'Keyset cursor: the lower-cased email of the last user seen. A full page links the next one in a Link header (rel="next"), and every page then costs the same.',
    }),
  ),
});

export const CreateUserBodySchema = Type.Object({
  email: Type.String({ maxLength: 254, examples: ['ada@example.com'] }),
  name: Type.String({ maxLength: 200, examples: ['Ada Lovelace'] }),
  roles: Type.Optional(
    Type.Array(RoleSchema, { maxItems: ROLES.length, description: 'Default ["User"]' }),
  ),
  id: Type.Optional(
    Type.String({ maxLength: 128, description: 'Defaults to a new GUID', examples: ['user_42'] }),
  ),
});

const UserId = Type.String({ maxLength: 128, examples: ['user_42'] });
const GroupId = Type.String({ maxLength: 128 });

export const UserIdParamsSchema = Type.Object({ userid: UserId });

export const UserIdBodySchema = Type.Object({ userid: UserId });

export const UpdateUserBodySchema = Type.Object({
  userid: UserId,
  email: Type.Optional(Type.String({ maxLength: 254 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  roles: Type.Optional(Type.Array(RoleSchema, { maxItems: ROLES.length })),
  disabled: Type.Optional(Type.Boolean()),
});

export const MembershipBodySchema = Type.Object({ userid: UserId, groupid: GroupId });

export const MembershipSchema = Type.Object({
  userid: UserId,
  groupid: GroupId,
  added: Type.Boolean({ description: 'False when the user already was a member' }),
});

const Provider = Type.String({ maxLength: 64, examples: ['openai'] });

export const SetUserTokenBodySchema = Type.Object({
  userid: UserId,
  provider: Provider,
  token: Type.String({ maxLength: 8192, description: 'Write-only: never returned' }),
});

export const ClearUserTokenQuerySchema = Type.Object({ userid: UserId, provider: Provider });

export const UserTokenSchema = Type.Object({
  userid: UserId,
  provider: Provider,
  isSet: Type.Literal(true),
  last4: Type.String({ examples: ['x9Qz'] }),
  updatedAt: Type.Integer({ description: 'Unix seconds' }),
});
