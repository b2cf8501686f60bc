import type { CountFilter, RuleDefinition } from '../vocabulary/monitoring.ts';

/** The monitoring part of the storage interface (see store.ts): rules, issues, their history. */
export interface MonitorRuleRecord {
  id: string;
  name: string;
  definition: RuleDefinition;
  severity: string;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface MonitorIssueRecord {
  id: string;
  ruleId: string;
  ruleName: string;
  /** Whom the rule fired for: `user:<id>`, `agent:<id>` or `company`. */
  subject: string;
  /** The person's or the agent's name; null for the company, or once deleted. */
  subjectName: string | null;
  title: string;
  severity: string;
  status: string;
  assigneeId: string | null;
  /** The assignee's name. */
  assigneeName: string | null;
  occurrences: number;
  firstSeenAt: number;
  lastSeenAt: number;
  /** The activity event that last fired the rule. */
  lastSeq: number;
  createdAt: number;
  updatedAt: number;
}

export interface IssueEventRecord {
  /** Increases with every event: the history's order. */
  id: number;
  issueId: string;
  at: number;
  actorId: string | null;
  /** The actor's name; null for the rule, or a deleted user. */
  actorName: string | null;
  kind: string;
  details: Record<string, unknown>;
}

export interface IssueFilters {
  status?: string | undefined;
  ruleId?: string | undefined;
  assigneeId?: string | undefined;
  limit: number;
  offset: number;
}

/** One event that fired a rule for a subject. */
export interface Occurrence {
  id: string;
  ruleId: string;
  subject: string;
  title: string;
  severity: string;
  at: number;
  seq: number;
}

/** Events of one subject (or everyone) recorded from `since` up to event `upToSeq`. */
export interface EventRange {
  userId?: string | undefined;
  agentId?: string | undefined;
  since: number;
  upToSeq: number;
}

export interface MonitoringRepository {
  insertRule(rule: MonitorRuleRecord): Promise<void>;
  /** False when there is no such rule. */
  updateRule(rule: MonitorRuleRecord): Promise<boolean>;
  /** Deletes the rule with its issues; false when there is no such rule. */
  deleteRule(id: string): Promise<boolean>;
  findRule(id: string): Promise<MonitorRuleRecord | undefined>;
  /** By name. */
  listRules(): Promise<MonitorRuleRecord[]>;
  /** Most recently seen first. */
  listIssues(filters: IssueFilters): Promise<MonitorIssueRecord[]>;
  findIssue(id: string): Promise<MonitorIssueRecord | undefined>;
  /** The rule's open or acknowledged issue for the subject, if any. */
  findUnresolved(ruleId: string, subject: string): Promise<MonitorIssueRecord | undefined>;
  /** Sets the status or assignee; fails with the unique index when reopening a duplicate. */
  updateIssue(
    id: string,
    changes: { status?: string; assigneeId?: string | null; updatedAt: number },
  ): Promise<void>;
  addIssueEvent(event: Omit<IssueEventRecord, 'id' | 'actorName'>): Promise<IssueEventRecord>;
  /** Oldest first. */
  listIssueEvents(issueId: string): Promise<IssueEventRecord[]>;
  /**
   * Removes up to `limit` of the oldest events waiting for the rules and returns their seqs;
   * in a transaction, the rows other instances are taking are skipped, not waited for.
   */
  takeQueued(limit: number): Promise<number[]>;
  countEvents(range: EventRange, filter: CountFilter): Promise<number>;
  /** A user's or agent's tokens or cost from day `fromDay` to `toDay` inclusive. */
  spendOf(
    subject: { userId?: string; agentId?: string },
    metric: 'tokens' | 'costMicros',
    fromDay: number,
    toDay: number,
  ): Promise<number>;
  /** An agent's answers and provider errors in the range. */
  callsOf(range: EventRange): Promise<{ answers: number; errors: number }>;
  /**
   * Opens an issue for the rule and subject, or adds the occurrence to the unresolved one;
   * returns its id and whether it was opened now.
   */
  recordOccurrence(occurrence: Occurrence): Promise<{ issueId: string; opened: boolean }>;
}
