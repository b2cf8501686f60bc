import type { IssueEventRecord, MonitorIssueRecord } from '../store/monitoring-store.ts';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { parsePage, type PageInput } from '../vocabulary/paging.ts';
import type { IssueStatus } from '../vocabulary/monitoring.ts';
import type { Role } from '../vocabulary/roles.ts';
import type { MonitoringDeps } from './rules.ts';

/** Who may see and work on issues: the roles the Monitoring API admits. */
export const ISSUE_ROLES: readonly Role[] = ['Monitor', 'CompanyAdmin'];

export interface IssueListInput extends PageInput {
  status?: IssueStatus | undefined;
  ruleId?: string | undefined;
  assigneeId?: string | undefined;
}

export interface IssueWithHistory extends MonitorIssueRecord {
  history: IssueEventRecord[];
}

export function listIssues(
  { store }: MonitoringDeps,
  { status, ruleId, assigneeId, ...page }: IssueListInput,
): Promise<MonitorIssueRecord[]> {
  const { limit, offset } = parsePage(page);
  return limit === 0
    ? Promise.resolve([])
    : store.monitoring.listIssues({ status, ruleId, assigneeId, limit, offset });
}

async function findIssue({ store }: MonitoringDeps, issueId: string) {
  const issue = await store.monitoring.findIssue(issueId);
  if (!issue) {
    throw new NotFoundError(`No issue has id ${issueId}`);
  }
  return issue;
}

export async function getIssue(deps: MonitoringDeps, issueId: string): Promise<IssueWithHistory> {
  const issue = await findIssue(deps, issueId);
  return { ...issue, history: await deps.store.monitoring.listIssueEvents(issueId) };
}

async function checkAssignee({ store }: MonitoringDeps, assigneeId: string): Promise<void> {
  const user = await store.users.findById(assigneeId);
  if (!user || !user.roles.some((role) => ISSUE_ROLES.includes(role))) {
    throw new ValidationError(
      `assigneeId must name a user with the ${ISSUE_ROLES.join(' or ')} role`,
    );
  }
}

/**
 * Moves the issue to another status or assignee (the documentation's "Editing Issues"); each
 * change joins its history. A resolved issue reopens only while its rule has no other
 * unresolved issue for the same subject.
 */
export async function updateIssue(
  deps: MonitoringDeps,
  input: {
    issueId: string;
    status?: IssueStatus | undefined;
    assigneeId?: string | null | undefined;
  },
  actorId: string,
): Promise<IssueWithHistory> {
  const { store, clock } = deps;
  if (input.assigneeId) {
    await checkAssignee(deps, input.assigneeId);
  }
  await store.transaction(async (tx) => {
    const issue = await findIssue({ store: tx, clock }, input.issueId);
    const now = clock.nowSeconds();
    const event = (kind: string, details: Record<string, unknown>) =>
      tx.monitoring.addIssueEvent({
        issueId: issue.id,
        at: now,
        actorId,
        kind,
        details,
      });
    if (input.status !== undefined && input.status !== issue.status) {
      if (
        issue.status === 'resolved' &&
        (await tx.monitoring.findUnresolved(issue.ruleId, issue.subject))
      ) {
        throw new ConflictError(
          'This rule has a newer unresolved issue for the same subject: work on that one',
        );
      }
      await tx.monitoring.updateIssue(issue.id, { status: input.status, updatedAt: now });
      await event('status_changed', { from: issue.status, to: input.status });
    }
    if (input.assigneeId !== undefined && input.assigneeId !== issue.assigneeId) {
      await tx.monitoring.updateIssue(issue.id, { assigneeId: input.assigneeId, updatedAt: now });
      await event('assigned', { from: issue.assigneeId, to: input.assigneeId });
    }
  });
  return getIssue(deps, input.issueId);
}

export async function commentIssue(
  deps: MonitoringDeps,
  input: { issueId: string; comment: string },
  actorId: string,
): Promise<IssueEventRecord> {
  const comment = input.comment.trim();
  if (comment === '') {
    throw new ValidationError('comment must not be empty');
  }
  const issue = await findIssue(deps, input.issueId);
  return deps.store.monitoring.addIssueEvent({
    issueId: issue.id,
    at: deps.clock.nowSeconds(),
    actorId,
    kind: 'commented',
    details: { comment },
  });
}
