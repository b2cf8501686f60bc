import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { formatDateTime } from '../../lib/format.ts';
import { searchQuery } from './api.ts';
import { filtersFrom, hasFilters, searchParamsOf } from './criteria.ts';
import { EventBadges } from './components/EventBadges.tsx';
import { ExportSearch } from './components/ExportSearch.tsx';
import { SavedSearches } from './components/SavedSearches.tsx';
import { SearchForm } from './components/SearchForm.tsx';
import { Snippet } from './components/Snippet.tsx';
import './compliance.css';

export const FORBIDDEN = {
  403: 'Only compliance officers and company administrators can search the activity.',
};

/** /admin/compliance: every user's recorded activity, searched, exported, newest first. */
export function CompliancePage() {
  useDocumentTitle('Compliance');
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const search = useInfiniteQuery(searchQuery(filters));
  const results = search.data?.pages.flatMap((page) => page.results) ?? [];

  return (
    <div className="page compliance-page">
      <div className="page-header">
        <h1>Compliance</h1>
      </div>
      <p className="lead">
        Every question, answer, blocked attempt and upload people sent to the AI agents, as the
        scanners left them (redacted secrets stay redacted). Searches and exports are audited.
      </p>
      <SearchForm
        // A new form when the URL's criteria change (a link, Back, Clear search).
        key={searchParamsOf(filters).toString()}
        filters={filters}
        onApply={(next) => setParams(searchParamsOf(next))}
      />
      <ExportSearch filters={filters} />
      <SavedSearches filters={filters} onLoad={(next) => setParams(searchParamsOf(next))} />
      <ErrorNotice error={search.error} byStatus={FORBIDDEN} />
      {search.isPending && <Spinner label="Searching…" />}
      {search.data &&
        (results.length === 0 ? (
          <p className="card empty-state">
            {hasFilters(filters)
              ? 'Nothing matches this search. Widen the dates or clear a filter.'
              : 'No activity is recorded yet: it appears here as people use the agents.'}
          </p>
        ) : (
          <ol className="compliance-results" aria-label="Results, newest first">
            {results.map((result) => (
              <li key={result.id} className="card compliance-result">
                <div className="result-heading">
                  <EventBadges event={result} />
                  <time dateTime={result.at}>{formatDateTime(result.at)}</time>
                </div>
                <p className="muted result-who">
                  {result.user
                    ? (result.user.email ?? result.user.name ?? result.user.id)
                    : 'No user'}
                  {result.agent && ` → ${result.agent.name ?? result.agent.id}`}
                </p>
                <Snippet snippet={result.snippet} />
                {result.conversationId && (
                  <Link to={`conversations/${encodeURIComponent(result.conversationId)}`}>
                    Open the conversation
                    <span className="visually-hidden"> of event {result.id}</span>
                  </Link>
                )}
              </li>
            ))}
          </ol>
        ))}
      {search.hasNextPage && (
        <button
          type="button"
          className="button-secondary"
          disabled={search.isFetchingNextPage}
          onClick={() => void search.fetchNextPage()}
        >
          {search.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
