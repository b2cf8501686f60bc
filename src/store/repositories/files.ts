import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { FileRepository } from '../chat-store.ts';

const SUMMARY = [
  'id',
  'userId',
  'uploadedBy',
  'conversationId',
  'agentId',
  'messageId',
  'name',
  'mediaType',
  'sizeBytes',
  'createdAt',
] as const;

/** The agent's files a user's conversations read: the shared ones (no owner) and the user's. */
function agentFilesOf(eb: ExpressionBuilder<Database, 'files'>, agentId: string, userId: string) {
  return eb.and([
    eb('agentId', '=', agentId),
    eb.or([eb('userId', 'is', null), eb('userId', '=', userId)]),
  ]);
}

export function fileRepository(db: Kysely<Database>): FileRepository {
  return {
    async insert(file) {
      await db.insertInto('files').values(file).execute();
    },
    findById: (id) =>
      db.selectFrom('files').select(SUMMARY).where('id', '=', id).executeTakeFirst(),
    listForContext: (conversationId, agentId, userId) =>
      db
        .selectFrom('files')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('conversationId', '=', conversationId),
            ...(agentId === null ? [] : [agentFilesOf(eb, agentId, userId)]),
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
    listForAgent: (agentId, userId) =>
      db
        .selectFrom('files')
        .select(SUMMARY)
        .where((eb) =>
          userId === undefined ? eb('agentId', '=', agentId) : agentFilesOf(eb, agentId, userId),
        )
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
