import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { formatDateTime } from '../../lib/format.ts';
import { issueQuery, type IssueDetail } from './api.ts';
import { useDirectory, type Directory } from './directory.ts';
import { SeverityBadge, StatusBadge } from './components/Badges.tsx';
import { IssueDeliveries } from './components/IssueDeliveries.tsx';
import { IssueHistory } from './components/IssueHistory.tsx';
import { IssueWork } from './components/IssueWork.tsx';
import { FORBIDDEN } from './states.ts';
import './monitoring.css';

const REFRESH_MS = 15_000;

/** /admin/monitoring/issues/:issueId: an issue, working on it, its history and notifications. */
export function IssuePage() {
  const { issueId = '' } = useParams();
  const issue = useQuery({ ...issueQuery(issueId), refetchInterval: REFRESH_MS });
  const directory = useDirectory();
  useDocumentTitle(issue.data ? `${issue.data.title} – Monitoring` : 'Issue');
  return (
    <div className="page monitoring-page">
      <p className="breadcrumb">
        <Link to="/admin/monitoring">All issues</Link>
      </p>
      {issue.isPending && <Spinner label="Loading the issue…" />}
      <ErrorNotice
        error={issue.error}
        byStatus={{
          ...FORBIDDEN,
          404: 'This issue does not exist (any more): its rule may have been deleted. Go back to all issues.',
        }}
      />
      {issue.data && (
        <>
          <h1 className="issue-title">{issue.data.title}</h1>
          <IssueFacts issue={issue.data} directory={directory} />
          <IssueWork issue={issue.data} directory={directory} />
          <IssueHistory issue={issue.data} directory={directory} />
          <IssueDeliveries issueId={issue.data.id} />
        </>
      )}
    </div>
  );
}

function IssueFacts({ issue, directory }: { issue: IssueDetail; directory: Directory }) {
  const facts: [string, ReactNode][] = [
    ['Status', <StatusBadge key="status" status={issue.status} />],
    ['Severity', <SeverityBadge key="severity" severity={issue.severity} />],
    [
      'Rule',
      <Link key="rule" to={`/admin/monitoring/rules/${encodeURIComponent(issue.ruleId)}`}>
        {issue.ruleName}
      </Link>,
    ],
    ['Fired for', directory.subject(issue.subject, issue.subjectName)],
    ['Occurrences', issue.occurrences],
    ['First seen', formatDateTime(issue.firstSeenAt)],
    ['Last seen', formatDateTime(issue.lastSeenAt)],
    [
      'Assignee',
      issue.assigneeId === null ? 'Nobody' : directory.person(issue.assigneeId, issue.assigneeName),
    ],
  ];
  return (
    <dl className="card issue-facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
