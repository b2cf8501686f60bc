import type {
  BudgetEnforcement,
  BudgetMetric,
  BudgetPeriod,
  BudgetScope,
} from '../vocabulary/usage.ts';

/** The usage part of the storage interface (see store.ts): model prices and budgets. */
export interface ModelPriceRecord {
  engine: string;
  model: string;
  /** Micro-dollars per million tokens: US dollars per million tokens, times 1,000,000. */
  inputMicrosPerMillion: number;
  outputMicrosPerMillion: number;
  updatedAt: number;
}

export interface BudgetRecord {
  id: string;
  scope: BudgetScope;
  targetId: string;
  period: BudgetPeriod;
  metric: BudgetMetric;
  /** Micro-dollars for cost, tokens for tokens. */
  limit: number;
  enforcement: BudgetEnforcement;
  createdAt: number;
  updatedAt: number;
}

/** Tokens and cost since a day (activity_daily), of one user, a group's members or one agent. */
export interface SpendQuery {
  fromDay: number;
  userId?: string;
  groupId?: string;
  agentId?: string;
}

export interface Spend {
  tokens: number;
  costMicros: number;
}

export interface UsageRepository {
  listPrices(): Promise<ModelPriceRecord[]>;
  findPrice(engine: string, model: string): Promise<ModelPriceRecord | undefined>;
  /** Inserts or replaces the price of the engine's model. */
  setPrice(price: ModelPriceRecord): Promise<void>;
  deletePrice(engine: string, model: string): Promise<boolean>;
  listBudgets(): Promise<BudgetRecord[]>;
  findBudget(id: string): Promise<BudgetRecord | undefined>;
  /** The budgets on this user, any of the user's groups, or this agent. */
  budgetsFor(target: { userId: string; agentId: string }): Promise<BudgetRecord[]>;
  insertBudget(budget: BudgetRecord): Promise<void>;
  updateBudget(budget: BudgetRecord): Promise<void>;
  deleteBudget(id: string): Promise<boolean>;
  spend(query: SpendQuery): Promise<Spend>;
}
