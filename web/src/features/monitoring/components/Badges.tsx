import { severityLabel, statusLabel, type IssueStatus, type Severity } from '../api.ts';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge severity-${severity}`}>{severityLabel(severity)}</span>;
}

export function StatusBadge({ status }: { status: IssueStatus }) {
  return <span className={`badge status-${status}`}>{statusLabel(status)}</span>;
}
