import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Store } from '../store/store.ts';
import type { BudgetRecord } from '../store/usage-store.ts';
import { dayOf, MICROS_PER_DOLLAR } from '../vocabulary/activity.ts';
import {
  BUDGET_ENFORCEMENTS,
  BUDGET_METRICS,
  BUDGET_PERIODS,
  BUDGET_SCOPES,
  type BudgetMetric,
  type BudgetPeriod,
  type BudgetScope,
} from '../vocabulary/usage.ts';
import { BudgetExceededError } from './budget-exceeded.ts';
import type { UsageActor, UsageDeps } from './usage-deps.ts';

/** A budget as admins see it: limit and spend in dollars (cost) or tokens, and when it resets. */
export interface BudgetView extends BudgetRecord {
  /** US dollars for cost, tokens for tokens (the record keeps micro-dollars). */
  limit: number;
  /** In the limit's unit. */
  spent: number;
  /** Unix seconds of the next UTC day or month. */
  resetsAt: number;
}

export interface BudgetInput {
  scope: string;
  targetId: string;
  period: string;
  metric: string;
  /** US dollars for cost, tokens for tokens. */
  limit: number;
  enforcement?: string | undefined;
}

const SECONDS_PER_DAY = 86_400;

/** The UTC day or month a moment falls in: its first day and the second the next one starts. */
export function periodOf(period: BudgetPeriod, now: number): { fromDay: number; resetsAt: number } {
  const today = dayOf(now);
  if (period === 'day') {
    return { fromDay: today, resetsAt: (today + 1) * SECONDS_PER_DAY };
  }
  const date = new Date(now * 1000);
  const first = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
  const next = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 1000;
  return { fromDay: dayOf(first), resetsAt: next };
}

/** What the budget's target spent in its current period, in the budget's own unit. */
async function spentOn(
  store: Store,
  budget: BudgetRecord,
  now: number,
): Promise<{ spent: number; resetsAt: number }> {
  const { fromDay, resetsAt } = periodOf(budget.period, now);
  const target = { user: 'userId', group: 'groupId', agent: 'agentId' } as const;
  const spend = await store.usage.spend({ fromDay, [target[budget.scope]]: budget.targetId });
  return { spent: budget.metric === 'cost' ? spend.costMicros : spend.tokens, resetsAt };
}

/** The limit or spend in the unit admins write: dollars for cost, tokens for tokens. */
function shown(metric: BudgetMetric, amount: number): number {
  return metric === 'cost' ? amount / MICROS_PER_DOLLAR : amount;
}

async function viewBudget(store: Store, budget: BudgetRecord, now: number): Promise<BudgetView> {
  const { spent, resetsAt } = await spentOn(store, budget, now);
  return {
    ...budget,
    limit: shown(budget.metric, budget.limit),
    spent: shown(budget.metric, spent),
    resetsAt,
  };
}

export async function listBudgets({ store, clock }: UsageDeps): Promise<BudgetView[]> {
  const now = clock.nowSeconds();
  return Promise.all((await store.usage.listBudgets()).map((b) => viewBudget(store, b, now)));
}

/** The budgets that apply to a user's turns with an agent, with their standing. */
export async function budgetsOfUser(
  { store, clock }: UsageDeps,
  userId: string,
  agentId?: string,
): Promise<BudgetView[]> {
  const budgets = await store.usage.budgetsFor({ userId, agentId: agentId ?? '' });
  const now = clock.nowSeconds();
  return Promise.all(budgets.map((budget) => viewBudget(store, budget, now)));
}

/**
 * Refuses a turn, before the engine is asked, when a hard budget on the user, one of their
 * groups or the agent has been used up in its period. A turn's cost is known only once it is
 * answered, so the turn that crosses the limit completes and the next one is refused.
 */
export async function assertWithinBudgets(
  deps: UsageDeps,
  userId: string,
  agentId: string,
): Promise<void> {
  const budgets = await budgetsOfUser(deps, userId, agentId);
  const spent = budgets.filter((b) => b.enforcement === 'hard' && b.spent >= b.limit);
  if (spent.length > 0) {
    // The one that lasts longest says when asking again can work.
    const longest = spent.reduce((a, b) => (b.resetsAt > a.resetsAt ? b : a));
    throw new BudgetExceededError(longest, longest.resetsAt - deps.clock.nowSeconds());
  }
}

function oneOf<T extends string>(field: string, allowed: readonly T[], value: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(`${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function parseLimit(metric: BudgetMetric, limit: number): number {
  const stored = metric === 'cost' ? Math.round(limit * MICROS_PER_DOLLAR) : limit;
  if (!Number.isFinite(limit) || limit <= 0 || !Number.isSafeInteger(stored)) {
    throw new ValidationError(
      metric === 'cost'
        ? 'limit must be a positive amount of US dollars'
        : 'limit must be a positive whole number of tokens',
    );
  }
  return stored;
}

async function assertTargetExists(store: Store, scope: BudgetScope, id: string): Promise<void> {
  const found =
    scope === 'user'
      ? await store.users.findById(id)
      : scope === 'group'
        ? await store.groups.findById(id)
        : await store.agents.findById(id);
  if (!found) {
    throw new NotFoundError(`targetId: no ${scope} has the id "${id}"`);
  }
}

async function parseBudget(
  store: Store,
  input: BudgetInput,
): Promise<Omit<BudgetRecord, 'id' | 'createdAt' | 'updatedAt'>> {
  const scope = oneOf('scope', BUDGET_SCOPES, input.scope);
  const metric = oneOf('metric', BUDGET_METRICS, input.metric);
  const budget = {
    scope,
    targetId: input.targetId,
    period: oneOf('period', BUDGET_PERIODS, input.period),
    metric,
    limit: parseLimit(metric, input.limit),
    enforcement: oneOf('enforcement', BUDGET_ENFORCEMENTS, input.enforcement ?? 'hard'),
  };
  await assertTargetExists(store, scope, input.targetId);
  return budget;
}

export async function createBudget(
  deps: UsageDeps,
  input: BudgetInput,
  actor: UsageActor,
): Promise<BudgetView> {
  const now = deps.clock.nowSeconds();
  const budget: BudgetRecord = {
    id: generateId(),
    ...(await parseBudget(deps.store, input)),
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.transaction(async (store) => {
    await store.usage.insertBudget(budget);
    await recordAudit(store, deps.clock, {
      event: 'budget_created',
      ...actor,
      details: { budgetId: budget.id, scope: budget.scope, targetId: budget.targetId },
    });
  });
  return viewBudget(deps.store, budget, now);
}

/** Replaces a budget's terms; its spend is the target's, so it carries over. */
export async function updateBudget(
  deps: UsageDeps,
  id: string,
  input: BudgetInput,
  actor: UsageActor,
): Promise<BudgetView> {
  const current = await findBudget(deps.store, id);
  const now = deps.clock.nowSeconds();
  const budget: BudgetRecord = {
    ...current,
    ...(await parseBudget(deps.store, input)),
    updatedAt: now,
  };
  await deps.store.transaction(async (store) => {
    await store.usage.updateBudget(budget);
    await recordAudit(store, deps.clock, {
      event: 'budget_updated',
      ...actor,
      details: { budgetId: id },
    });
  });
  return viewBudget(deps.store, budget, now);
}

export async function deleteBudget(deps: UsageDeps, id: string, actor: UsageActor): Promise<void> {
  await deps.store.transaction(async (store) => {
    if (!(await store.usage.deleteBudget(id))) {
      throw budgetNotFound(id);
    }
    await recordAudit(store, deps.clock, {
      event: 'budget_deleted',
      ...actor,
      details: { budgetId: id },
    });
  });
}

async function findBudget(store: Store, id: string): Promise<BudgetRecord> {
  const budget = await store.usage.findBudget(id);
  if (!budget) {
    throw budgetNotFound(id);
  }
  return budget;
}

function budgetNotFound(id: string): NotFoundError {
  return new NotFoundError(`No budget with id "${id}"`);
}
