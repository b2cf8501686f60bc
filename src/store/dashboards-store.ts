import type { Dimension } from '../vocabulary/dashboards.ts';

/** The dashboards part of the storage interface (see store.ts): sums of the daily rollups. */
export interface DailySums {
  prompts: number;
  answers: number;
  blocks: number;
  files: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
}

/** Which rollup rows count: UTC days (inclusive) and ids ('' matches events without one). */
export interface RollupFilter {
  fromDay: number;
  toDay: number;
  userIds?: readonly string[] | undefined;
  groupIds?: readonly string[] | undefined;
  agentIds?: readonly string[] | undefined;
  models?: readonly string[] | undefined;
  countries?: readonly string[] | undefined;
}

/** The sums a query adds up; the others answer 0 (each costs a pass over the rows). */
export type SumNames = readonly (keyof DailySums)[];

export interface KeyedSums extends DailySums {
  key: string;
}

export interface DayKeyedSums extends KeyedSums {
  day: number;
}

/** A saved dashboard; its elements are stored as given (validated by the domain). */
export interface DashboardRecord {
  id: string;
  name: string;
  elements: unknown[];
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export type DashboardChanges = Partial<Pick<DashboardRecord, 'name' | 'elements' | 'updatedAt'>>;

export interface DashboardRepository {
  /** Throws ConflictError when the name is taken (case-insensitively). */
  insert(dashboard: DashboardRecord): Promise<void>;
  findById(id: string): Promise<DashboardRecord | undefined>;
  /** By name. */
  list(): Promise<DashboardRecord[]>;
  /** Undefined when absent; ConflictError when the new name is taken. */
  update(id: string, changes: DashboardChanges): Promise<DashboardRecord | undefined>;
  remove(id: string): Promise<boolean>;
  /** The sums over the filter, with how many users asked something. */
  totals(filter: RollupFilter): Promise<DailySums & { activeUsers: number }>;
  /** The sums named per value of the dimension (a group: its current members' sums). */
  byDimension(filter: RollupFilter, dimension: Dimension, names: SumNames): Promise<KeyedSums[]>;
  /** The sums named per day, and per value of the dimension when given (key '' without). */
  byDay(filter: RollupFilter, names: SumNames, dimension?: Dimension): Promise<DayKeyedSums[]>;
}
