import { Type } from 'typebox';
import { MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS } from '../../vocabulary/limits.ts';
import { Id } from './common.ts';

const GroupFields = {
  id: Type.String(),
  name: Type.String({ examples: ['Finance'] }),
  description: Type.String({ examples: ['Finance department'] }),
};

export const GroupSchema = Type.Object(GroupFields);

export const GroupSummarySchema = Type.Object({ ...GroupFields, memberCount: Type.Integer() });

export const GroupDetailSchema = Type.Object({
  ...GroupFields,
  members: Type.Array(
    Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
  ),
});

export const CreateGroupBodySchema = Type.Object({
  name: Type.String({ maxLength: MAX_NAME_CHARS, examples: ['Finance'] }),
  description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_CHARS })),
});

export const UpdateGroupBodySchema = Type.Object({
  groupId: Id(),
  name: Type.String({ maxLength: MAX_NAME_CHARS, description: 'The new name, unique in any case' }),
});

export const GroupIdParamsSchema = Type.Object({ groupId: Id() });
