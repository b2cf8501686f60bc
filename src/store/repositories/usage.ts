import type { Kysely, Selectable } from 'kysely';
import type { BudgetsTable, Database } from '../schema.ts';
import type { BudgetRecord, ModelPriceRecord, UsageRepository } from '../usage-store.ts';
import type { Changing } from '../announce.ts';
import type { VersionedCache } from '../../lib/versioned-cache.ts';
import type {
  BudgetEnforcement,
  BudgetMetric,
  BudgetPeriod,
  BudgetScope,
} from '../../vocabulary/usage.ts';

function toBudget({ limitValue, ...row }: Selectable<BudgetsTable>): BudgetRecord {
  return {
    ...row,
    scope: row.scope as BudgetScope,
    period: row.period as BudgetPeriod,
    metric: row.metric as BudgetMetric,
    enforcement: row.enforcement as BudgetEnforcement,
    limit: limitValue,
  };
}

function toRow({ limit, ...budget }: BudgetRecord): BudgetsTable {
  return { ...budget, limitValue: limit };
}

/** A model's price as last read, or that it has none: every answer looks it up. */
export type PriceCache = VersionedCache<{ price: ModelPriceRecord | undefined }>;

export function usageRepository(
  db: Kysely<Database>,
  changing: Changing,
  prices: { cache: PriceCache; version: () => number | undefined },
): UsageRepository {
  return {
    listPrices() {
      return db.selectFrom('modelPrices').selectAll().orderBy('engine').orderBy('model').execute();
    },
    async findPrice(engine, model) {
      const found = await prices.cache.fetch(`${engine}\n${model}`, prices.version, async () => ({
        price: await db
          .selectFrom('modelPrices')
          .selectAll()
          .where('engine', '=', engine)
          .where('model', '=', model)
          .executeTakeFirst(),
      }));
      return found?.price;
    },
    async setPrice(price) {
      await changing(
        (trx) =>
          trx
            .insertInto('modelPrices')
            .values(price)
            .onConflict((c) =>
              c.columns(['engine', 'model']).doUpdateSet({
                inputMicrosPerMillion: price.inputMicrosPerMillion,
                outputMicrosPerMillion: price.outputMicrosPerMillion,
                updatedAt: price.updatedAt,
              }),
            )
            .execute(),
        () => true,
      );
    },
    async deletePrice(engine, model) {
      const result = await changing(
        (trx) =>
          trx
            .deleteFrom('modelPrices')
            .where('engine', '=', engine)
            .where('model', '=', model)
            .executeTakeFirst(),
        (deleted) => deleted.numDeletedRows > 0n,
      );
      return result.numDeletedRows > 0n;
    },
    async listBudgets() {
      const rows = await db
        .selectFrom('budgets')
        .selectAll()
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toBudget);
    },
    async findBudget(id) {
      const row = await db
        .selectFrom('budgets')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toBudget(row);
    },
    async budgetsFor({ userId, agentId }) {
      const rows = await db
        .selectFrom('budgets')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('scope', '=', 'user'), eb('targetId', '=', userId)]),
            eb.and([eb('scope', '=', 'agent'), eb('targetId', '=', agentId)]),
            eb.and([
              eb('scope', '=', 'group'),
              eb(
                'targetId',
                'in',
                eb.selectFrom('groupMembers').select('groupId').where('userId', '=', userId),
              ),
            ]),
          ]),
        )
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toBudget);
    },
    async insertBudget(budget) {
      await db.insertInto('budgets').values(toRow(budget)).execute();
    },
    async updateBudget(budget) {
      await db.updateTable('budgets').set(toRow(budget)).where('id', '=', budget.id).execute();
    },
    async deleteBudget(id) {
      const result = await db.deleteFrom('budgets').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async spend({ fromDay, userId, groupId, agentId }) {
      let query = db
        .selectFrom('activityDaily')
        .select((eb) => [
          eb.fn.coalesce(eb.fn.sum<number>('promptTokens'), eb.lit(0)).as('promptTokens'),
          eb.fn.coalesce(eb.fn.sum<number>('completionTokens'), eb.lit(0)).as('completionTokens'),
          eb.fn.coalesce(eb.fn.sum<number>('costMicros'), eb.lit(0)).as('costMicros'),
        ])
        .where('day', '>=', fromDay);
      if (userId !== undefined) {
        query = query.where('userId', '=', userId);
      }
      if (groupId !== undefined) {
        // The group's members now: who joined brings their spend, who left takes it away.
        query = query.where('userId', 'in', (eb) =>
          eb.selectFrom('groupMembers').select('userId').where('groupId', '=', groupId),
        );
      }
      if (agentId !== undefined) {
        query = query.where('agentId', '=', agentId);
      }
      const row = await query.executeTakeFirstOrThrow();
      return {
        tokens: Number(row.promptTokens) + Number(row.completionTokens),
        costMicros: Number(row.costMicros),
      };
    },
  };
}
