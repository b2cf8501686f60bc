import type { Kysely, Selectable } from 'kysely';
import type { ConversationsTable, Database } from '../schema.ts';
import type { ConversationRecord, ConversationRepository } from '../chat-store.ts';
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
  };
}
