import type { Kysely, Selectable } from 'kysely';
import type { ConversationsTable, Database } from '../schema.ts';
import type {
  ConversationChanges,
  ConversationRecord,
  ConversationRepository,
} from '../chat-store.ts';
import { containsText } from '../contains-text.ts';

function toConversationRecord(row: Selectable<ConversationsTable>): ConversationRecord {
  const { searchText: _, metadata, ...rest } = row;
  return { ...rest, metadata: JSON.parse(metadata) as Record<string, string> };
}

/** What metadataSearch matches: the title and every metadata value, lower-cased. */
function searchTextOf({ title, metadata }: ConversationRecord): string {
  return [title, ...Object.values(metadata)].join('\n').toLowerCase();
}

export function conversationRepository(db: Kysely<Database>): ConversationRepository {
  return {
    async insert(conversation) {
      await db
        .insertInto('conversations')
        .values({
          ...conversation,
          metadata: JSON.stringify(conversation.metadata),
          searchText: searchTextOf(conversation),
        })
        .execute();
    },
    async findOwned(id, userId) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', id)
        .where('userId', '=', userId)
        .executeTakeFirst();
      return row && toConversationRecord(row);
    },
    async list({ userId, agentId, search, limit, offset }) {
      let query = db.selectFrom('conversations').selectAll().where('userId', '=', userId);
      if (agentId !== undefined) {
        query = query.where('agentId', '=', agentId);
      }
      if (search) {
        query = query.where(containsText(['search_text'], search));
      }
      const rows = await query
        .orderBy('updatedAt', 'desc')
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toConversationRecord);
    },
    update: (id, userId, changes) =>
      db.isTransaction
        ? update(db, id, userId, changes)
        : db.transaction().execute((trx) => update(trx, id, userId, changes)),
    async remove(id, userId) {
      // The foreign keys cascade to its messages (their feedback with them) and its files.
      const result = await db
        .deleteFrom('conversations')
        .where('id', '=', id)
        .where('userId', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

/**
 * Writes only the changed columns, then the search text from the row as it now is: the first
 * UPDATE holds the row's lock, so a concurrent change of the other field is never lost.
 */
async function update(
  trx: Kysely<Database>,
  id: string,
  userId: string,
  { title, metadata }: ConversationChanges,
): Promise<ConversationRecord | undefined> {
  const row = await trx
    .updateTable('conversations')
    .set({
      ...(title !== undefined && { title }),
      ...(metadata !== undefined && { metadata: JSON.stringify(metadata) }),
    })
    .where('id', '=', id)
    .where('userId', '=', userId)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    return undefined;
  }
  const conversation = toConversationRecord(row);
  await trx
    .updateTable('conversations')
    .set({ searchText: searchTextOf(conversation) })
    .where('id', '=', id)
    .execute();
  return conversation;
}
