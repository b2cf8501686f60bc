import type { ActivityKind } from './activity.ts';
import type { ScannerName, ScanVerdict } from './scanners.ts';

/**
 * Monitoring rules (the documentation's "Setting up alerts and issues"): what a rule watches in
 * the activity record, and the issues a firing rule opens. The API, the evaluator, the store and
 * the web app share these words.
 */
export const RULE_KINDS = ['count', 'spend', 'error_rate'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Whose events a count rule adds up: each user's, each agent's, or everyone's together. */
export const COUNT_SUBJECTS = ['user', 'agent', 'company'] as const;
export type CountSubject = (typeof COUNT_SUBJECTS)[number];

export const SPEND_SUBJECTS = ['user', 'agent'] as const;
export type SpendSubject = (typeof SPEND_SUBJECTS)[number];

/** Tokens are prompt plus completion tokens; cost is in millionths of a dollar. */
export const SPEND_METRICS = ['tokens', 'costMicros'] as const;
export type SpendMetric = (typeof SPEND_METRICS)[number];

/** UTC calendar day or month. */
export const SPEND_PERIODS = ['day', 'month'] as const;
export type SpendPeriod = (typeof SPEND_PERIODS)[number];

export const ISSUE_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What an issue's history records. */
export const ISSUE_EVENT_KINDS = ['opened', 'status_changed', 'assigned', 'commented'] as const;
export type IssueEventKind = (typeof ISSUE_EVENT_KINDS)[number];

/** A window longer than 30 days belongs to a spend rule's month. */
export const MAX_WINDOW_MINUTES = 43_200;
export const MAX_THRESHOLD = 1_000_000;
export const MAX_RULE_NAME_CHARS = 200;
export const MAX_COMMENT_CHARS = 10_000;

/** Which events a count rule counts: every listed condition holds (an empty list: any). */
export interface CountFilter {
  kinds?: ActivityKind[] | undefined;
  verdicts?: ScanVerdict[] | undefined;
  scanners?: ScannerName[] | undefined;
  findingTypes?: string[] | undefined;
  agentId?: string | undefined;
}

/** N matching events of one subject within the window, e.g. 5 blocked prompts in an hour. */
export interface CountRule {
  kind: 'count';
  subject: CountSubject;
  threshold: number;
  windowMinutes: number;
  filter: CountFilter;
}

/** A user's or agent's tokens or cost in the current UTC day or month reaches the amount. */
export interface SpendRule {
  kind: 'spend';
  subject: SpendSubject;
  metric: SpendMetric;
  period: SpendPeriod;
  amount: number;
}

/** An agent's provider errors reach this share of its calls, once it had enough calls. */
export interface ErrorRateRule {
  kind: 'error_rate';
  percent: number;
  minCalls: number;
  windowMinutes: number;
}

export type RuleDefinition = CountRule | SpendRule | ErrorRateRule;
