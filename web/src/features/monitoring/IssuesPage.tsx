import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useSession } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { issuesQuery, rulesQuery, type Rule } from './api.ts';
import {
  filtersOf,
  issueFiltersOf,
  paramsOf,
  STATUS_OPTIONS,
  type ListFilters,
} from './filters.ts';
import { SeverityBadge, StatusBadge } from './components/Badges.tsx';
import { MonitoringNav } from './components/MonitoringNav.tsx';
import { SelectField } from '../../components/SelectField.tsx';
import { FORBIDDEN } from './states.ts';
import './monitoring.css';

const REFRESH_MS = 15_000;

/** /admin/monitoring: the issues the rules opened, most recently seen first, filtered. */
export function IssuesPage() {
  useDocumentTitle('Monitoring');
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const issues = useInfiniteQuery({
    ...issuesQuery(issueFiltersOf(filters, user.id)),
    refetchInterval: REFRESH_MS,
  });
  const rules = useQuery(rulesQuery);
  const list = issues.data?.pages.flat() ?? [];
  const change = (changes: Partial<ListFilters>) =>
    setParams(paramsOf({ ...filters, ...changes }), { replace: true });

  return (
    <div className="page monitoring-page">
      <div className="page-header">
        <h1>Monitoring</h1>
      </div>
      <MonitoringNav />
      <p className="lead">
        Issues the monitoring rules opened. Acknowledge one while you look into it; resolve it once
        it is dealt with.
      </p>
      <form
        className="toolbar issue-filters"
        aria-label="Filter the issues"
        onSubmit={(event) => event.preventDefault()}
      >
        <SelectField
          label="Status"
          value={filters.status}
          options={STATUS_OPTIONS}
          onChange={(status) => change({ status })}
        />
        <SelectField
          label="Rule"
          value={filters.rule}
          options={[['', 'Any rule'], ...ruleOptions(rules.data, filters.rule)]}
          onChange={(rule) => change({ rule })}
        />
        <SelectField
          label="Assigned to"
          value={filters.mine ? 'me' : ''}
          options={[
            ['', 'Anyone or nobody'],
            ['me', 'Me'],
          ]}
          onChange={(mine) => change({ mine: mine === 'me' })}
        />
      </form>
      {issues.isPending && <Spinner label="Loading the issues…" />}
      <ErrorNotice error={issues.error} byStatus={FORBIDDEN} />
      {issues.data &&
        (list.length === 0 ? (
          <p className="card empty-state">{emptyText(filters, rules.data?.length)}</p>
        ) : (
          <ol className="issue-list" aria-label="Issues, most recently seen first">
            {list.map((issue) => (
              <li key={issue.id} className="card issue-card">
                <Link
                  className="issue-card-title"
                  to={`/admin/monitoring/issues/${encodeURIComponent(issue.id)}`}
                >
                  {issue.title}
                </Link>
                <p className="rule-badges">
                  <StatusBadge status={issue.status} />
                  <SeverityBadge severity={issue.severity} />
                  {issue.assigneeId === user.id && <span className="badge">Assigned to you</span>}
                </p>
                <p className="muted issue-card-seen">
                  Last seen{' '}
                  <time dateTime={issue.lastSeenAt}>{formatDateTime(issue.lastSeenAt)}</time>
                  {' · '}
                  {issue.occurrences === 1 ? 'once' : `${issue.occurrences} times`}
                  {' · '}
                  {issue.ruleName}
                </p>
              </li>
            ))}
          </ol>
        ))}
      {issues.hasNextPage && (
        <div className="pager">
          <button
            type="button"
            className="button-secondary"
            disabled={issues.isFetchingNextPage}
            onClick={() => void issues.fetchNextPage()}
          >
            {issues.isFetchingNextPage ? 'Loading…' : 'Load more issues'}
          </button>
        </div>
      )}
    </div>
  );
}

/** The rules by name; a rule the address names that is not (yet) listed, too. */
function ruleOptions(rules: readonly Rule[] | undefined, chosen: string) {
  const options = (rules ?? []).map((rule) => [rule.id, rule.name] as const);
  return chosen && !options.some(([id]) => id === chosen)
    ? [...options, [chosen, 'The chosen rule'] as const]
    : options;
}

function emptyText(filters: ListFilters, ruleCount: number | undefined): string {
  if (ruleCount === 0) {
    return 'No issue yet, and no rule to open one: create a rule under Rules.';
  }
  if (filters.status === 'open' && !filters.rule && !filters.mine) {
    return 'No open issue: nothing the rules watch has happened since the last one was dealt with.';
  }
  return 'No issue matches these filters. Choose another status or rule to see more.';
}
