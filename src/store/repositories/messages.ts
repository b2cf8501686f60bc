import type { Kysely, Selectable } from 'kysely';
import type { Database, MessagesTable } from '../schema.ts';
import type { MessageRecord, MessageRepository, MessageRole } from '../chat-store.ts';
import type { ScanResult } from '../../vocabulary/scanners.ts';
import type { ToolCallRecord } from '../tools-store.ts';

function toMessageRecord(row: Selectable<MessagesTable>): MessageRecord {
  const {
    position: _,
    role,
    feedbackRating,
    feedbackComment,
    feedbackAt,
    scans,
    toolCalls,
    ...rest
  } = row;
  return {
    ...rest,
    scans: scans === null ? null : (JSON.parse(scans) as ScanResult[]),
    toolCalls: toolCalls === null ? null : (JSON.parse(toolCalls) as ToolCallRecord[]),
    role: role as MessageRole,
    feedback:
      feedbackRating === null || feedbackAt === null
        ? null
        : { rating: feedbackRating, comment: feedbackComment, at: feedbackAt },
  };
}

export function messageRepository(db: Kysely<Database>): MessageRepository {
  const append = async (
    trx: Kysely<Database>,
    conversationId: string,
    messages: readonly MessageRecord[],
    now: number,
  ) => {
    // Updating the conversation first takes its row lock on PostgreSQL (and SQLite's write
    // lock), so concurrent appends number their messages one after the other.
    await trx
      .updateTable('conversations')
      .set({ updatedAt: now })
      .where('id', '=', conversationId)
      .execute();
    const last = await trx
      .selectFrom('messages')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('conversationId', '=', conversationId)
      .executeTakeFirst();
    const start = Number(last?.position ?? 0);
    await trx
      .insertInto('messages')
      .values(
        messages.map(({ feedback, scans, toolCalls, ...message }, index) => ({
          ...message,
          scans: scans === null ? null : JSON.stringify(scans),
          toolCalls: toolCalls === null ? null : JSON.stringify(toolCalls),
          position: start + index + 1,
          feedbackRating: feedback?.rating ?? null,
          feedbackComment: feedback?.comment ?? null,
          feedbackAt: feedback?.at ?? null,
        })),
      )
      .execute();
  };

  return {
    append: (conversationId, messages, now) =>
      db.isTransaction
        ? append(db, conversationId, messages, now)
        : db.transaction().execute((trx) => append(trx, conversationId, messages, now)),
    async latest(conversationId, count) {
      if (count <= 0) {
        return [];
      }
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversationId', '=', conversationId)
        .orderBy('position', 'desc')
        .limit(count)
        .execute();
      return rows.reverse().map(toMessageRecord);
    },
    async list(conversationId) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversationId', '=', conversationId)
        .orderBy('position')
        .execute();
      return rows.map(toMessageRecord);
    },
    async findOwned(id, userId) {
      const row = await db
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', id)
        .where('userId', '=', userId)
        .executeTakeFirst();
      return row && toMessageRecord(row);
    },
    async setFeedback(id, { rating, comment, at }) {
      await db
        .updateTable('messages')
        .set({ feedbackRating: rating, feedbackComment: comment, feedbackAt: at })
        .where('id', '=', id)
        .execute();
    },
  };
}
