import { Type } from 'typebox';
import { ACTIVITY_KINDS } from '../../vocabulary/activity.ts';
import { SCAN_VERDICTS, SCANNER_NAMES } from '../../vocabulary/scanners.ts';
import {
  COUNT_SUBJECTS,
  ISSUE_EVENT_KINDS,
  ISSUE_STATUSES,
  MAX_COMMENT_CHARS,
  MAX_RULE_NAME_CHARS,
  MAX_THRESHOLD,
  MAX_WINDOW_MINUTES,
  RULE_KINDS,
  SEVERITIES,
  SPEND_METRICS,
  SPEND_PERIODS,
  SPEND_SUBJECTS,
} from '../../vocabulary/monitoring.ts';
import { Id, Nullable, Results, Skip, Timestamp } from './common.ts';

const WindowMinutes = Type.Integer({
  minimum: 1,
  maximum: MAX_WINDOW_MINUTES,
  description: 'The window, in minutes, that ends with each event',
  examples: [60],
});

const List = (description: string) => ({ uniqueItems: true, description });

const CountRuleSchema = Type.Object(
  {
    kind: Type.Literal('count'),
    subject: Type.Enum(COUNT_SUBJECTS, {
      description: "Whose events are counted: each user's, each agent's, or everyone's",
    }),
    threshold: Type.Integer({
      minimum: 1,
      maximum: MAX_THRESHOLD,
      description: 'Fires when this many matching events fall in the window (1: every one)',
      examples: [5],
    }),
    windowMinutes: WindowMinutes,
    filter: Type.Object(
      {
        kinds: Type.Optional(
          Type.Array(Type.Enum(ACTIVITY_KINDS), List('Any of these event kinds')),
        ),
        verdicts: Type.Optional(
          Type.Array(Type.Enum(SCAN_VERDICTS), List('Any of these scanner verdicts')),
        ),
        scanners: Type.Optional(
          Type.Array(
            Type.Enum(SCANNER_NAMES),
            List('Events with a finding from any of these scanners'),
          ),
        ),
        findingTypes: Type.Optional(
          Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
            maxItems: 50,
            uniqueItems: true,
            description: 'Events with any of these finding types',
            examples: [['aws_access_key']],
          }),
        ),
        agentId: Type.Optional(Id({ description: "Only this agent's events" })),
      },
      { additionalProperties: false, description: 'Every condition given must hold' },
    ),
  },
  {
    additionalProperties: false,
    description: 'N matching events of one subject within a window',
  },
);

const SpendRuleSchema = Type.Object(
  {
    kind: Type.Literal('spend'),
    subject: Type.Enum(SPEND_SUBJECTS),
    metric: Type.Enum(SPEND_METRICS, {
      description: 'tokens: prompt plus completion tokens; costMicros: millionths of a dollar',
    }),
    period: Type.Enum(SPEND_PERIODS, { description: 'The current UTC day or month' }),
    amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, examples: [100000] }),
  },
  {
    additionalProperties: false,
    description: "A user's or agent's spend in the period reaches the amount",
  },
);

const ErrorRateRuleSchema = Type.Object(
  {
    kind: Type.Literal('error_rate'),
    percent: Type.Integer({
      minimum: 1,
      maximum: 100,
      description: "Fires when provider errors are at least this share of an agent's calls",
      examples: [20],
    }),
    minCalls: Type.Integer({
      minimum: 1,
      maximum: MAX_THRESHOLD,
      description: 'Calls (answers and provider errors) the window must hold first',
      examples: [10],
    }),
    windowMinutes: WindowMinutes,
  },
  { additionalProperties: false, description: "An agent's provider error rate" },
);

export const RuleDefinitionSchema = Type.Union(
  [CountRuleSchema, SpendRuleSchema, ErrorRateRuleSchema],
  { description: `What the rule watches; kind is one of ${RULE_KINDS.join(', ')}` },
);

const Name = Type.String({
  minLength: 1,
  maxLength: MAX_RULE_NAME_CHARS,
  examples: ['Repeated blocked prompts'],
});
const SeveritySchema = Type.Enum(SEVERITIES, { examples: ['high'] });

export const RuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  severity: SeveritySchema,
  enabled: Type.Boolean(),
  definition: RuleDefinitionSchema,
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});

export const CreateRuleBodySchema = Type.Object({
  name: Name,
  severity: Type.Optional(Type.Enum(SEVERITIES, { default: 'medium' })),
  enabled: Type.Optional(Type.Boolean({ default: true })),
  definition: RuleDefinitionSchema,
});

export const UpdateRuleBodySchema = Type.Object({
  ruleId: Id(),
  name: Type.Optional(Name),
  severity: Type.Optional(SeveritySchema),
  enabled: Type.Optional(Type.Boolean()),
  definition: Type.Optional(RuleDefinitionSchema),
});

export const RuleIdParamsSchema = Type.Object({ ruleId: Id() });
export const IssueIdParamsSchema = Type.Object({ issueId: Id() });

const IssueStatusSchema = Type.Enum(ISSUE_STATUSES);

export const ListIssuesQuerySchema = Type.Object({
  results: Results,
  skip: Skip,
  status: Type.Optional(IssueStatusSchema),
  ruleId: Type.Optional(Id({ description: "Only this rule's issues" })),
  assigneeId: Type.Optional(Id({ description: 'Only the issues assigned to this user' })),
});

export const IssueSchema = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  ruleName: Type.String(),
  subject: Type.String({
    description: 'Whom the rule fired for: user:<id>, agent:<id> or company',
    examples: ['user:4f1c…'],
  }),
  subjectName: Nullable(
    Type.String({
      description: "The person's or the agent's name; null for the company, or once deleted",
    }),
  ),
  title: Type.String(),
  severity: SeveritySchema,
  status: IssueStatusSchema,
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String({ description: "The assignee's name" })),
  occurrences: Type.Integer({
    description: 'Events that fired the rule while this issue was unresolved',
  }),
  firstSeenAt: Timestamp(),
  lastSeenAt: Timestamp(),
  createdAt: Timestamp(),
  updatedAt: Timestamp(),
});

export const IssueEventSchema = Type.Object({
  id: Type.Integer({ description: 'Increases along the history' }),
  at: Timestamp(),
  actorId: Nullable(Type.String({ description: 'Null when the rule itself acted' })),
  actorName: Nullable(
    Type.String({ description: "The actor's name; null for the rule, or a deleted user" }),
  ),
  kind: Type.Enum(ISSUE_EVENT_KINDS),
  details: Type.Record(Type.String(), Type.Unknown(), {
    description: 'opened: seq; status_changed and assigned: from, to; commented: comment',
  }),
});

export const IssueDetailSchema = Type.Object({
  ...IssueSchema.properties,
  history: Type.Array(IssueEventSchema, { description: 'Oldest first' }),
});

export const UpdateIssueBodySchema = Type.Object({
  issueId: Id(),
  status: Type.Optional(IssueStatusSchema),
  assigneeId: Type.Optional(
    Nullable(Id({ description: 'A user with the Monitor or CompanyAdmin role; null unassigns' })),
  ),
});

export const CommentIssueBodySchema = Type.Object({
  issueId: Id(),
  comment: Type.String({ minLength: 1, maxLength: MAX_COMMENT_CHARS }),
});
