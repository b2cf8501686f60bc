import { sql, type Kysely, type Selectable } from 'kysely';
import type { ComplianceHoldsTable, Database } from '../schema.ts';
import type { Dialect } from '../database.ts';
import type {
  ArchiveRepository,
  ConversationRows,
  HoldKind,
  HoldRecord,
  RestoreOutcome,
} from '../archive-store.ts';

const SECONDS_PER_DAY = 86_400;
// Ids per IN list, and rows per INSERT: far below either dialect's limit on parameters.
const CHUNK = 200;

function chunksOf<T>(values: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    chunks.push(values.slice(i, i + CHUNK));
  }
  return chunks;
}

function toHold(row: Selectable<ComplianceHoldsTable>, conversationIds: string[]): HoldRecord {
  return {
    ...row,
    kind: row.kind as HoldKind,
    criteria: row.criteria === null ? null : (JSON.parse(row.criteria) as Record<string, unknown>),
    createdAt: Number(row.createdAt),
    conversationIds,
  };
}

export function archiveRepository(db: Kysely<Database>, dialect: Dialect): ArchiveRepository {
  // PostgreSQL: rows read to be compared and deleted stay as read until the transaction ends
  // (a rating or an answer meanwhile waits, then finds nothing). SQLite's writer lock does that.
  const locking = dialect === 'postgres' && db.isTransaction;

  const holdConversations = async (holdIds: readonly string[]) => {
    const rows =
      holdIds.length === 0
        ? []
        : await db
            .selectFrom('complianceHoldConversations')
            .select(['holdId', 'conversationId'])
            .where('holdId', 'in', holdIds)
            .orderBy('conversationId')
            .execute();
    const byHold = new Map<string, string[]>();
    for (const { holdId, conversationId } of rows) {
      byHold.set(holdId, [...(byHold.get(holdId) ?? []), conversationId]);
    }
    return byHold;
  };

  const restore = async (trx: Kysely<Database>, rows: ConversationRows) => {
    const { conversation } = rows;
    const ids = [conversation.userId, ...rows.files.map((file) => file.uploadedBy ?? '')];
    const agentIds = [conversation.agentId, ...rows.files.map((file) => file.agentId)].filter(
      (id): id is string => id !== null,
    );
    const users = new Set(
      (await trx.selectFrom('users').select('id').where('id', 'in', ids).execute()).map(
        (u) => u.id,
      ),
    );
    if (!users.has(conversation.userId)) {
      return 'ownerMissing';
    }
    const agents = new Set(
      agentIds.length === 0
        ? []
        : (await trx.selectFrom('agents').select('id').where('id', 'in', agentIds).execute()).map(
            (a) => a.id,
          ),
    );
    const agentOrNull = (id: string | null) => (id !== null && agents.has(id) ? id : null);
    const inserted = await trx
      .insertInto('conversations')
      .values({ ...conversation, agentId: agentOrNull(conversation.agentId) })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
      return 'present';
    }
    for (const messages of chunksOf(rows.messages)) {
      await trx.insertInto('messages').values(messages).execute();
    }
    const files = rows.files.map((file) => ({
      ...file,
      agentId: agentOrNull(file.agentId),
      uploadedBy: file.uploadedBy !== null && users.has(file.uploadedBy) ? file.uploadedBy : null,
    }));
    for (const chunk of chunksOf(files)) {
      await trx.insertInto('files').values(chunk).execute();
    }
    return 'restored';
  };

  return {
    async listDue({ now, companyDays, limit, after }) {
      // No retention (the agent's, else the company's) is a null cutoff: nothing is due.
      const cutoff = sql`cast(${now} as bigint) - cast(coalesce(a.archive_after_days, cast(${companyDays} as integer)) as bigint) * ${SECONDS_PER_DAY}`;
      const keyset = after
        ? sql`and (c.updated_at > ${after.updatedAt} or (c.updated_at = ${after.updatedAt} and c.id > ${after.id}))`
        : sql``;
      const { rows } = await sql<{ id: string; updatedAt: number }>`
        select c.id, c.updated_at from conversations c left join agents a on a.id = c.agent_id
        where c.updated_at < ${cutoff} ${keyset}
        order by c.updated_at, c.id limit ${limit}`.execute(db);
      return rows.map((row) => ({ id: row.id, updatedAt: Number(row.updatedAt) }));
    },

    async readRows(conversationIds) {
      const found: ConversationRows[] = [];
      for (const ids of chunksOf(conversationIds)) {
        let conversations = db.selectFrom('conversations').selectAll().where('id', 'in', ids);
        let messages = db
          .selectFrom('messages')
          .selectAll()
          .where('conversationId', 'in', ids)
          .orderBy('conversationId')
          .orderBy('position');
        let files = db
          .selectFrom('files')
          .selectAll()
          .where('conversationId', 'in', ids)
          .orderBy('createdAt')
          .orderBy('id');
        if (locking) {
          conversations = conversations.forUpdate();
          messages = messages.forUpdate();
          files = files.forUpdate();
        }
        const [conversationRows, messageRows, fileRows] = [
          await conversations.execute(),
          await messages.execute(),
          await files.execute(),
        ];
        const byId = new Map(conversationRows.map((row) => [row.id, row]));
        for (const id of ids) {
          const conversation = byId.get(id);
          if (conversation) {
            found.push({
              conversation,
              messages: messageRows.filter((message) => message.conversationId === id),
              files: fileRows.filter((file) => file.conversationId === id),
            });
          }
        }
      }
      return found;
    },

    async deleteUnheld(conversationIds) {
      let deleted = 0;
      for (const ids of chunksOf(conversationIds)) {
        const result = await db
          .deleteFrom('conversations')
          .where('id', 'in', ids)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('complianceHoldConversations as h')
                  .select('h.holdId')
                  .whereRef('h.conversationId', '=', 'conversations.id'),
              ),
            ),
          )
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      return deleted;
    },

    restore: (rows): Promise<RestoreOutcome> =>
      db.isTransaction ? restore(db, rows) : db.transaction().execute((trx) => restore(trx, rows)),

    async conversationIdsOf(userId) {
      const rows = await db
        .selectFrom('conversations')
        .select('id')
        .where('userId', '=', userId)
        .execute();
      return rows.map((row) => row.id);
    },

    async insertHold({ conversationIds, criteria, ...hold }) {
      const insert = async (trx: Kysely<Database>) => {
        await trx
          .insertInto('complianceHolds')
          .values({ ...hold, criteria: criteria === null ? null : JSON.stringify(criteria) })
          .execute();
        for (const ids of chunksOf(conversationIds)) {
          await trx
            .insertInto('complianceHoldConversations')
            .values(ids.map((conversationId) => ({ holdId: hold.id, conversationId })))
            .execute();
        }
      };
      await (db.isTransaction ? insert(db) : db.transaction().execute(insert));
    },

    async listHolds() {
      const rows = await db
        .selectFrom('complianceHolds')
        .selectAll()
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      const listed = await holdConversations(rows.map((row) => row.id));
      return rows.map((row) => toHold(row, listed.get(row.id) ?? []));
    },

    async findHold(id) {
      const row = await db
        .selectFrom('complianceHolds')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toHold(row, (await holdConversations([id])).get(id) ?? []);
    },

    async deleteHold(id) {
      const result = await db.deleteFrom('complianceHolds').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async heldByList(conversationIds) {
      const held: string[] = [];
      for (const ids of chunksOf(conversationIds)) {
        const rows = await db
          .selectFrom('complianceHoldConversations')
          .select('conversationId')
          .distinct()
          .where('conversationId', 'in', ids)
          .execute();
        held.push(...rows.map((row) => row.conversationId));
      }
      return held;
    },

    async existing(conversationIds) {
      const found: string[] = [];
      for (const ids of chunksOf(conversationIds)) {
        const rows = await db
          .selectFrom('conversations')
          .select('id')
          .where('id', 'in', ids)
          .execute();
        found.push(...rows.map((row) => row.id));
      }
      return found;
    },

    async takeLease(name, holder, now, expiresAt) {
      const row = await db
        .insertInto('maintenanceLeases')
        .values({ name, holder, expiresAt })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expiresAt })
            .where('maintenanceLeases.expiresAt', '<=', now),
        )
        .returning('holder')
        .executeTakeFirst();
      return row?.holder === holder;
    },

    async renewLease(name, holder, expiresAt) {
      const result = await db
        .updateTable('maintenanceLeases')
        .set({ expiresAt })
        .where('name', '=', name)
        .where('holder', '=', holder)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async releaseLease(name, holder) {
      await db
        .deleteFrom('maintenanceLeases')
        .where('name', '=', name)
        .where('holder', '=', holder)
        .execute();
    },
  };
}
