import { Type } from 'typebox';
import { Id, Nullable, Timestamp } from './common.ts';
import type { DefaultAgentRecord } from '../../store/chat-store.ts';
import { isoTime } from '../../lib/iso-time.ts';

const GroupScope = Type.Optional(
  Nullable(
    Id({
      description: 'The group whose joiners are given the agent; absent or null: every new user',
    }),
  ),
);

export const DefaultAgentSchema = Type.Object({
  agentId: Type.String(),
  agentName: Type.String(),
  groupId: Nullable(Type.String({ description: 'null: given to every new user' })),
  groupName: Nullable(Type.String()),
  addedAt: Timestamp(),
});

export const DefaultAgentBodySchema = Type.Object({ agentId: Id(), groupId: GroupScope });

export const AddDefaultAgentBodySchema = Type.Object({
  agentId: Id(),
  groupId: GroupScope,
  giveToExisting: Type.Optional(
    Type.Boolean({
      default: false,
      description: 'Also give it now to every existing user, or every current member of the group',
    }),
  ),
});

export const AddedDefaultAgentSchema = Type.Object({
  added: Type.Boolean({ description: 'false: it already was a default there' }),
  usersGiven: Type.Integer({ description: 'Users given the agent now, with giveToExisting' }),
});

export function defaultAgentResponse(record: DefaultAgentRecord) {
  return { ...record, addedAt: isoTime(record.addedAt) };
}
