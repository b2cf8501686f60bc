import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { formatDateTime } from '../../lib/format.ts';
import { conversationQuery } from './api.ts';
import { EventBadges } from './components/EventBadges.tsx';
import { FORBIDDEN } from './CompliancePage.tsx';
import './compliance.css';

/** /admin/compliance/conversations/:conversationId: a conversation's whole record, in order. */
export function ConversationPage() {
  const { conversationId = '' } = useParams();
  const conversation = useQuery(conversationQuery(conversationId));
  const title = conversation.data?.title ?? 'Deleted conversation';
  useDocumentTitle(`${title} – Compliance`);
  return (
    <div className="page compliance-page">
      <p>
        <Link to="/admin/compliance">Back to the search</Link>
      </p>
      <ErrorNotice
        error={conversation.error}
        byStatus={{ ...FORBIDDEN, 404: 'No activity is recorded for this conversation.' }}
      />
      {conversation.isPending && <Spinner label="Loading the conversation…" />}
      {conversation.data && (
        <>
          <div className="page-header">
            <h1>{title}</h1>
          </div>
          <p className="lead">
            Every recorded event of the conversation in order, blocked attempts included.
          </p>
          <ol className="compliance-results" aria-label="Events, in order">
            {conversation.data.events.map((event) => (
              <li key={event.id} className="card compliance-result">
                <div className="result-heading">
                  <EventBadges event={event} />
                  <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                </div>
                <p className="muted result-who">
                  {event.user ? (event.user.email ?? event.user.name ?? event.user.id) : 'No user'}
                  {event.agent && ` → ${event.agent.name ?? event.agent.id}`}
                  {event.model && ` (${event.model})`}
                  {event.scanners.length > 0 && ` · scanners: ${event.scanners.join(', ')}`}
                </p>
                <p className="snippet">{event.text}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
