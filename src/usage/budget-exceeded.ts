import type { BudgetView } from './budgets.ts';

/** A turn refused because a hard budget is used up (429 until `retryAfterSeconds` pass). */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  constructor(
    readonly budget: BudgetView,
    readonly retryAfterSeconds: number,
  ) {
    const unit = budget.metric === 'cost' ? 'US dollars' : 'tokens';
    super(
      `The ${budget.period === 'day' ? 'daily' : 'monthly'} ${budget.metric} budget of this ${budget.scope} ` +
        `(${budget.limit} ${unit}) is used up: ${budget.spent} spent; ` +
        `ask again after it resets, or ask an admin to raise it`,
    );
  }
}
