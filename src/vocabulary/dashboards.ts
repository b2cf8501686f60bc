/**
 * Dashboards: what an element shows and how it adds up the activity record's daily sums.
 * Shared by the store, the API schemas and (through the OpenAPI types) the web app.
 */
export const ELEMENT_KINDS = ['topN', 'totals', 'chart', 'map'] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];

/** messages: questions and answers; tokens: prompt and completion; cost: in US dollars. */
export const METRICS = [
  'messages',
  'prompts',
  'answers',
  'tokens',
  'cost',
  'blocks',
  'errors',
] as const;
export type Metric = (typeof METRICS)[number];

/** group: the group's current members' sums (a user in two groups counts in both). */
export const DIMENSIONS = ['user', 'agent', 'model', 'group', 'country'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const MAX_TOP_N = 100;
/** A chart split by a dimension shows its top series; the rest is left out. */
export const MAX_CHART_SERIES = 10;
export const MAX_RANGE_DAYS = 3660;
