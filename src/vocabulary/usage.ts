/** Usage, cost and budgets: one vocabulary for store, API and web app. */
export const BUDGET_SCOPES = ['user', 'group', 'agent'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

/** UTC calendar day or month: a budget's spend starts again at its next start. */
export const BUDGET_PERIODS = ['day', 'month'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** What a budget caps: cost in micro-dollars, or tokens (prompt and completion together). */
export const BUDGET_METRICS = ['cost', 'tokens'] as const;
export type BudgetMetric = (typeof BUDGET_METRICS)[number];

/** A hard budget refuses the turn that would pass it; a soft one is only reported. */
export const BUDGET_ENFORCEMENTS = ['hard', 'soft'] as const;
export type BudgetEnforcement = (typeof BUDGET_ENFORCEMENTS)[number];
