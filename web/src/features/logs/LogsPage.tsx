import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { filterClientsQuery, logsQuery } from './api.ts';
import { filtersFrom, hasFilters, LOGS_PAGE_SIZE, searchParamsOf } from './filters.ts';
import { LogFiltersForm } from './components/LogFiltersForm.tsx';
import { LogsTable } from './components/LogsTable.tsx';
import { ExportLogs } from './components/ExportLogs.tsx';
import './logs.css';

/** /admin/logs: the security audit log, filtered and paged in the URL, and its CSV export. */
export function LogsPage() {
  useDocumentTitle('Logs');
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const skip = Math.max(0, Math.floor(Number(params.get('skip')) || 0));
  const logs = useQuery(logsQuery(filters, skip));
  const clients = useQuery(filterClientsQuery);
  const clientNames = new Map((clients.data ?? []).map((client) => [client.id, client.name]));
  const events = logs.data ?? [];
  const goTo = (nextSkip: number) => setParams(searchParamsOf(filters, nextSkip));
  const first = skip + 1;
  const last = skip + events.length;

  return (
    <div className="page logs-page">
      <div className="page-header">
        <h1>Logs</h1>
      </div>
      <p className="lead">
        The security audit log: sign-ins, OAuth2 codes and tokens, and every change to users, API
        clients and keys, newest first. Select a user or client ID in the table to see only their
        events.
      </p>
      <LogFiltersForm
        // A new form when the URL's filters change (a link, Back, Clear filters).
        key={searchParamsOf(filters).toString()}
        filters={filters}
        onApply={(next) => setParams(searchParamsOf(next))}
      />
      <ExportLogs filters={filters} />
      <ErrorNotice
        error={logs.error}
        byStatus={{
          403: 'Only company administrators and compliance officers can read the audit log.',
        }}
      />
      {logs.isPending && <Spinner label="Loading the audit log…" />}
      {logs.data &&
        (events.length === 0 ? (
          <p className="card empty-state">
            {skip > 0
              ? 'No older events.'
              : hasFilters(filters)
                ? 'No event matches these filters. Widen the dates or clear a filter.'
                : 'The log is empty: events appear here as people sign in and change settings.'}
          </p>
        ) : (
          <LogsTable
            events={events}
            filters={filters}
            clientNames={clientNames}
            caption={`Events ${first}–${last}, newest first${hasFilters(filters) ? ' (filtered)' : ''}`}
          />
        ))}
      {(skip > 0 || events.length >= LOGS_PAGE_SIZE) && (
        <nav className="pager" aria-label="Pages of the audit log" aria-busy={logs.isFetching}>
          <button
            type="button"
            className="button-secondary"
            disabled={skip === 0}
            onClick={() => goTo(Math.max(0, skip - LOGS_PAGE_SIZE))}
          >
            Newer
          </button>
          <button
            type="button"
            className="button-secondary"
            disabled={events.length < LOGS_PAGE_SIZE}
            onClick={() => goTo(skip + LOGS_PAGE_SIZE)}
          >
            Older
          </button>
        </nav>
      )}
    </div>
  );
}
