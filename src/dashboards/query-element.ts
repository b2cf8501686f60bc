import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { DailySums, RollupFilter, SumNames } from '../store/dashboards-store.ts';
import type { ElementQuery, ElementResult } from '../http/schemas/dashboards.ts';
import { ValidationError } from '../lib/errors.ts';
import { MICROS_PER_DOLLAR } from '../vocabulary/activity.ts';
import { MAX_CHART_SERIES, type Dimension, type Metric } from '../vocabulary/dashboards.ts';
import { dateOfDay, dayRange } from './element-range.ts';
import { labelsOf } from './element-labels.ts';

const DEFAULT_TOP_N = 10;
const DEFAULT_CHART_SERIES = 5;

/** The sums a metric is made of: only these are added up. */
const SUMS_OF: Record<Metric, SumNames> = {
  messages: ['prompts', 'answers'],
  tokens: ['promptTokens', 'completionTokens'],
  cost: ['costMicros'],
  prompts: ['prompts'],
  answers: ['answers'],
  blocks: ['blocks'],
  errors: ['errors'],
};

export function metricOf(sums: DailySums, metric: Metric): number {
  switch (metric) {
    case 'messages':
      return sums.prompts + sums.answers;
    case 'tokens':
      return sums.promptTokens + sums.completionTokens;
    case 'cost':
      return sums.costMicros / MICROS_PER_DOLLAR;
    case 'prompts':
    case 'answers':
    case 'blocks':
    case 'errors':
      return sums[metric];
  }
}

/**
 * An element's days and filter, or a ValidationError naming the field (after `path`, e.g.
 * `elements[2].query.`, when a saved dashboard holds it).
 */
export function checkElement(query: ElementQuery, nowSeconds: number, path = ''): RollupFilter {
  if (query.kind === 'topN' && query.dimension === undefined) {
    throw new ValidationError(`${path}dimension: required for a topN element`);
  }
  try {
    return {
      ...dayRange(query.range, nowSeconds),
      ...query.filters,
      countries: query.filters?.countries?.map((code) => code.toUpperCase()),
    };
  } catch (error) {
    throw error instanceof ValidationError ? new ValidationError(`${path}${error.message}`) : error;
  }
}

/** Runs one dashboard element's query over the activity record's daily sums. */
export async function queryElement(
  deps: { store: Store; clock: Clock },
  query: ElementQuery,
): Promise<ElementResult> {
  const filter = checkElement(query, deps.clock.nowSeconds());
  const { fromDay, toDay } = filter;
  const metric = query.metric ?? 'messages';
  const base = {
    kind: query.kind,
    metric,
    range: { since: dateOfDay(fromDay), until: dateOfDay(toDay) },
  };
  const { store } = deps;
  switch (query.kind) {
    case 'totals': {
      const sums = await store.dashboards.totals(filter);
      return {
        ...base,
        totals: {
          messages: metricOf(sums, 'messages'),
          prompts: sums.prompts,
          answers: sums.answers,
          tokens: metricOf(sums, 'tokens'),
          promptTokens: sums.promptTokens,
          completionTokens: sums.completionTokens,
          cost: metricOf(sums, 'cost'),
          blocks: sums.blocks,
          errors: sums.errors,
          files: sums.files,
          activeUsers: sums.activeUsers,
        },
      };
    }
    case 'topN':
    case 'map': {
      const dimension: Dimension = query.kind === 'map' ? 'country' : query.dimension!;
      const limit = query.kind === 'map' ? undefined : (query.limit ?? DEFAULT_TOP_N);
      const ranked = (await store.dashboards.byDimension(filter, dimension, SUMS_OF[metric]))
        .map((row) => ({ key: row.key, value: metricOf(row, metric) }))
        .filter((row) => row.value > 0)
        .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key))
        .slice(0, limit);
      const labels = await labelsOf(
        store,
        dimension,
        ranked.map((row) => row.key),
      );
      return {
        ...base,
        dimension,
        rows: ranked.map((row) => ({ ...row, label: labels.get(row.key) ?? row.key })),
      };
    }
    case 'chart':
      return { ...base, ...(await chart(store, filter, metric, query)) };
  }
}

async function chart(
  store: Store,
  filter: RollupFilter,
  metric: Metric,
  query: ElementQuery,
): Promise<Pick<ElementResult, 'dates' | 'series' | 'dimension'>> {
  const days = filter.toDay - filter.fromDay + 1;
  const dates = Array.from({ length: days }, (_, index) => dateOfDay(filter.fromDay + index));
  const rows = await store.dashboards.byDay(filter, SUMS_OF[metric], query.dimension);
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const values = byKey.get(row.key) ?? new Array<number>(days).fill(0);
    values[row.day - filter.fromDay] = metricOf(row, metric);
    byKey.set(row.key, values);
  }
  if (query.dimension === undefined) {
    return {
      dates,
      series: [{ key: '', label: 'All', values: byKey.get('') ?? new Array<number>(days).fill(0) }],
    };
  }
  const limit = Math.min(query.limit ?? DEFAULT_CHART_SERIES, MAX_CHART_SERIES);
  const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
  const top = [...byKey.entries()]
    .filter(([, values]) => total(values) > 0)
    .sort(([a, x], [b, y]) => total(y) - total(x) || a.localeCompare(b))
    .slice(0, limit);
  const labels = await labelsOf(
    store,
    query.dimension,
    top.map(([key]) => key),
  );
  return {
    dimension: query.dimension,
    dates,
    series: top.map(([key, values]) => ({ key, label: labels.get(key) ?? key, values })),
  };
}
