import { Type, type Static } from 'typebox';
import { Id, Nullable, Timestamp } from './common.ts';
import {
  DIMENSIONS,
  ELEMENT_KINDS,
  MAX_CHART_SERIES,
  MAX_RANGE_DAYS,
  MAX_TOP_N,
  METRICS,
} from '../../vocabulary/dashboards.ts';

const Day = (description: string) =>
  Type.Optional(Type.String({ format: 'date', description, examples: ['2026-11-27'] }));

const Ids = (description: string) =>
  Type.Optional(Type.Array(Id(), { maxItems: 100, uniqueItems: true, description }));

export const ElementRangeSchema = Type.Object(
  {
    since: Day('First UTC day, inclusive'),
    until: Day('Last UTC day, inclusive (default: today)'),
    lastDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_RANGE_DAYS,
        description: 'The last N UTC days up to today, instead of since/until',
      }),
    ),
  },
  { description: 'Whole UTC days; default: the last 30 days' },
);

export const ElementFiltersSchema = Type.Object({
  userIds: Ids('Only these users'),
  groupIds: Ids("Only these groups' current members"),
  agentIds: Ids('Only these agents'),
  models: Ids('Only these models'),
  countries: Type.Optional(
    Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$' }), {
      maxItems: 300,
      uniqueItems: true,
      description: 'Only these countries (ISO 3166-1 alpha-2)',
    }),
  ),
});

export const ElementQuerySchema = Type.Object({
  kind: Type.Enum(ELEMENT_KINDS, {
    description:
      "topN: the dimension's values ranked by the metric; totals: every metric summed; chart: the metric per day (split by the dimension's top values when one is given); map: the metric by country",
  }),
  metric: Type.Optional(
    Type.Enum(METRICS, {
      default: 'messages',
      description:
        'messages = prompts + answers; tokens = prompt + completion tokens; cost in US dollars',
    }),
  ),
  dimension: Type.Optional(
    Type.Enum(DIMENSIONS, { description: 'Required for topN; splits a chart into series' }),
  ),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_TOP_N,
      description: `topN: how many (default 10); chart: how many series (default 5, at most ${MAX_CHART_SERIES})`,
    }),
  ),
  range: Type.Optional(ElementRangeSchema),
  filters: Type.Optional(ElementFiltersSchema),
});
export type ElementQuery = Static<typeof ElementQuerySchema>;

const Ranked = Type.Object({
  key: Type.String({ description: "The id, model or country code; '' for none" }),
  label: Type.String({ description: 'What people read: email, agent or group name, country' }),
  value: Type.Number(),
});

export const TotalsSchema = Type.Object({
  messages: Type.Integer(),
  prompts: Type.Integer(),
  answers: Type.Integer(),
  tokens: Type.Integer(),
  promptTokens: Type.Integer(),
  completionTokens: Type.Integer(),
  cost: Type.Number({ description: 'US dollars' }),
  blocks: Type.Integer(),
  errors: Type.Integer(),
  files: Type.Integer(),
  activeUsers: Type.Integer({ description: 'Users who asked at least one question' }),
});

export const ElementResultSchema = Type.Object({
  kind: Type.Enum(ELEMENT_KINDS),
  metric: Type.Enum(METRICS),
  dimension: Type.Optional(Type.Enum(DIMENSIONS)),
  range: Type.Object({
    since: Type.String({ format: 'date' }),
    until: Type.String({ format: 'date' }),
  }),
  rows: Type.Optional(Type.Array(Ranked, { description: 'topN and map, largest first' })),
  totals: Type.Optional(TotalsSchema),
  dates: Type.Optional(
    Type.Array(Type.String({ format: 'date' }), { description: 'chart: every day of the range' }),
  ),
  series: Type.Optional(
    Type.Array(
      Type.Object({
        key: Type.String(),
        label: Type.String(),
        values: Type.Array(Type.Number(), { description: 'One per date' }),
      }),
    ),
  ),
});
export type ElementResult = Static<typeof ElementResultSchema>;

export const MAX_DASHBOARD_ELEMENTS = 24;

export const DashboardElementSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 100 }),
  query: ElementQuerySchema,
});

export const DashboardBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Unique in any case' }),
  elements: Type.Array(DashboardElementSchema, {
    maxItems: MAX_DASHBOARD_ELEMENTS,
    description: 'In display order',
  }),
});
export type DashboardBody = Static<typeof DashboardBodySchema>;

export const UpdateDashboardBodySchema = Type.Partial(DashboardBodySchema);

export const DashboardIdParamsSchema = Type.Object({ dashboardId: Id() });

export const DashboardSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  elements: Type.Array(DashboardElementSchema),
  createdBy: Nullable(Type.String({ description: 'Who created it; null once deleted' })),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});
