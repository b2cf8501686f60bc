import { Type } from 'typebox';
import { ROLES } from '../../users/roles.ts';
import { MAX_PAGE_SIZE } from '../../users/users.ts';

const RoleSchema = Type.Enum(ROLES);

export const UserSchema = Type.Object({
  id: Type.String({ examples: ['user_42'] }),
  email: Type.String({ examples: ['ada@example.com'] }),
  name: Type.String({ examples: ['Ada Lovelace'] }),
  roles: Type.Array(RoleSchema, { examples: [['User']] }),
  groups: Type.Array(Type.String(), { description: 'Ids of the groups the user belongs to' }),
});

export const ListUsersQuerySchema = Type.Object({
  results: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_PAGE_SIZE, default: 20, description: 'Page size' }),
  ),
  skip: Type.Optional(
    Type.Integer({ minimum: 0, default: 0, description: 'Users to skip: (page-1)*results' }),
  ),
  search: Type.Optional(
    Type.String({ maxLength: 200, description: 'Substring of name or email, any case' }),
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

export const UserIdParamsSchema = Type.Object({ userid: Type.String({ maxLength: 128 }) });

export const DeleteUserBodySchema = Type.Object({ userid: Type.String({ maxLength: 128 }) });
