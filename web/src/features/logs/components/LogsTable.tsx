import { Link } from 'react-router';
import type { AuditEvent } from '../api.ts';
import { eventLabel } from '../events.ts';
import { searchParamsOf, type LogFilters } from '../filters.ts';

interface LogsTableProps {
  events: AuditEvent[];
  filters: LogFilters;
  caption: string;
  /** Client names by id, when this person may list clients. */
  clientNames: ReadonlyMap<string, string>;
}

// To the second: a security log's events come in quick succession.
const logTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function formatLogTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : logTime.format(date);
}

/** One page of audit events. A user or client ID links to the log filtered by it. */
export function LogsTable({ events, filters, caption, clientNames }: LogsTableProps) {
  const filterLink = (change: Partial<LogFilters>) =>
    `?${searchParamsOf({ ...filters, ...change }).toString()}`;
  return (
    <div className="table-scroll">
      <table className="data-table logs-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Outcome</th>
            <th scope="col">User</th>
            <th scope="col">Client</th>
            <th scope="col">IP address</th>
            <th scope="col">Reason</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td className="time">
                <time dateTime={event.at}>{formatLogTime(event.at)}</time>
              </td>
              <th scope="row">
                {eventLabel(event.event)}
                <div className="muted mono">{event.event}</div>
              </th>
              <td>
                <span className={`outcome outcome-${event.outcome}`}>
                  {event.outcome === 'success' ? 'Success' : 'Failure'}
                </span>
              </td>
              <td>
                {event.userId ? (
                  <Link
                    to={filterLink({ userId: event.userId })}
                    title="Show only this user's events"
                  >
                    <code className="id">{event.userId}</code>
                  </Link>
                ) : (
                  <None />
                )}
              </td>
              <td>
                {event.clientId ? (
                  <Link
                    to={filterLink({ clientId: event.clientId })}
                    title="Show only this client's events"
                  >
                    {clientNames.get(event.clientId) ?? (
                      <code className="id">{event.clientId}</code>
                    )}
                  </Link>
                ) : (
                  <None />
                )}
              </td>
              <td>{event.ip ? <code>{event.ip}</code> : <None />}</td>
              <td className="reason">{event.reason ?? <None />}</td>
              <td>
                <Details details={event.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function None() {
  return (
    <>
      <span className="muted" aria-hidden="true">
        —
      </span>
      <span className="visually-hidden">none</span>
    </>
  );
}

function Details({ details }: { details: AuditEvent['details'] }) {
  const entries = Object.entries(details);
  if (entries.length === 0) {
    return <None />;
  }
  return (
    <dl className="event-details">
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
