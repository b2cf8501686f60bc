import { Type } from 'typebox';
import { Id, Timestamp } from './common.ts';
import { ENGINE_NAMES } from '../../vocabulary/engines.ts';
import {
  BUDGET_ENFORCEMENTS,
  BUDGET_METRICS,
  BUDGET_PERIODS,
  BUDGET_SCOPES,
} from '../../vocabulary/usage.ts';
import { isoTime } from '../../lib/iso-time.ts';
import type { PriceView } from '../../usage/prices.ts';
import type { BudgetView } from '../../usage/budgets.ts';

const Dollars = (description: string) =>
  Type.Number({ minimum: 0, maximum: 1_000_000, description, examples: [2.5] });

const PriceKeyFields = {
  engine: Type.Enum(ENGINE_NAMES, { examples: ['openai'] }),
  model: Type.String({ minLength: 1, maxLength: 200, examples: ['gpt-4o-mini'] }),
};

export const PriceKeySchema = Type.Object(PriceKeyFields);

export const SetPriceBodySchema = Type.Object({
  ...PriceKeyFields,
  inputPerMillion: Dollars('US dollars per million prompt (input) tokens'),
  outputPerMillion: Dollars('US dollars per million completion (output) tokens'),
});

export const PriceSchema = Type.Object({
  ...SetPriceBodySchema.properties,
  updatedAt: Timestamp(),
});

export const priceResponse = (price: PriceView) => ({
  ...price,
  updatedAt: isoTime(price.updatedAt),
});

const BudgetFields = {
  scope: Type.Enum(BUDGET_SCOPES, { description: 'Whose spend it caps' }),
  targetId: Id({ description: 'The id of the user, group or agent' }),
  period: Type.Enum(BUDGET_PERIODS, { description: 'A UTC calendar day or month' }),
  metric: Type.Enum(BUDGET_METRICS, {
    description: 'cost: US dollars at the model prices; tokens: prompt and completion tokens',
  }),
  limit: Type.Number({
    minimum: 0,
    exclusiveMinimum: 0,
    maximum: 1e12,
    description: 'US dollars (cost) or tokens (tokens) per period',
    examples: [25],
  }),
};

export const CreateBudgetBodySchema = Type.Object({
  ...BudgetFields,
  enforcement: Type.Optional(
    Type.Enum(BUDGET_ENFORCEMENTS, {
      default: 'hard',
      description: 'hard: a turn is refused (429) once the limit is reached; soft: only reported',
    }),
  ),
});

export const UpdateBudgetBodySchema = Type.Object({
  budgetId: Id(),
  ...CreateBudgetBodySchema.properties,
});

export const BudgetIdParamsSchema = Type.Object({ budgetId: Id() });

export const BudgetSchema = Type.Object({
  id: Type.String(),
  ...BudgetFields,
  enforcement: Type.Enum(BUDGET_ENFORCEMENTS),
  spent: Type.Number({ description: 'Spent in the current period, in the unit of limit' }),
  resetsAt: Timestamp('When the current period ends and spend starts again from 0'),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});

export const budgetResponse = (budget: BudgetView) => ({
  ...budget,
  resetsAt: isoTime(budget.resetsAt),
  createdAt: isoTime(budget.createdAt),
  updatedAt: isoTime(budget.updatedAt),
});
