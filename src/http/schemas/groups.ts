import { Type } from 'typebox';

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
  name: Type.String({ maxLength: 200, examples: ['Finance'] }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const GroupIdParamsSchema = Type.Object({ groupid: Type.String({ maxLength: 128 }) });
