import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { FileRepository } from '../chat-store.ts';

const SUMMARY = [
  'id',
  'userId',
  'conversationId',
  'agentId',
  'messageId',
  'name',
  'mediaType',
  'sizeBytes',
  'createdAt',
] as const;

export function fileRepository(db: Kysely<Database>): FileRepository {
  return {
    async insert(file) {
      await db.insertInto('files').values(file).execute();
    },
    findOwned: (id, userId) =>
      db
        .selectFrom('files')
        .select(SUMMARY)
        .where('id', '=', id)
        .where('userId', '=', userId)
        .executeTakeFirst(),
    listForContext: (conversationId, agentId, userId) =>
      db
        .selectFrom('files')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('conversationId', '=', conversationId),
            ...(agentId === null
              ? []
              : [eb.and([eb('agentId', '=', agentId), eb('userId', '=', userId)])]),
          ]),
        )
        .orderBy('createdAt')
        .orderBy('id')
        .execute(),
    listForConversation: (conversationId) =>
      db
        .selectFrom('files')
        .select(SUMMARY)
        .where('conversationId', '=', conversationId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute(),
    async attachPending(conversationId, messageId) {
      await db
        .updateTable('files')
        .set({ messageId })
        .where('conversationId', '=', conversationId)
        .where('messageId', 'is', null)
        .execute();
    },
    async remove(id) {
      const result = await db.deleteFrom('files').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
