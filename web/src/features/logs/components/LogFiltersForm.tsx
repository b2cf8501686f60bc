import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Field } from '../../../components/Field.tsx';
import { filterClientsQuery } from '../api.ts';
import { EVENT_GROUPS, eventLabel, isKnownEvent } from '../events.ts';
import {
  isoOfLocalInput,
  localInputOf,
  NO_FILTERS,
  hasFilters,
  type LogFilters,
} from '../filters.ts';
import { UserFilter } from './UserFilter.tsx';

const OTHER = '__other__';
// The web app's built-in client (src/vocabulary/web-client.ts): in the log, never in ListClients.
const WEB_CLIENT_ID = 'airisk-web';

/** The filters as a form: applied (to the URL) when sent. */
export function LogFiltersForm({
  filters,
  onApply,
}: {
  filters: LogFilters;
  onApply: (filters: LogFilters) => void;
}) {
  const known = !filters.event || isKnownEvent(filters.event);
  const [eventChoice, setEventChoice] = useState(known ? filters.event : OTHER);
  const [otherEvent, setOtherEvent] = useState(known ? '' : filters.event);
  const [userId, setUserId] = useState(filters.userId);
  const [clientId, setClientId] = useState(filters.clientId);
  const [since, setSince] = useState(localInputOf(filters.since));
  const [until, setUntil] = useState(localInputOf(filters.until));
  const eventId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      event: (eventChoice === OTHER ? otherEvent : eventChoice).trim(),
      userId: userId.trim(),
      clientId: clientId.trim(),
      since: isoOfLocalInput(since),
      until: isoOfLocalInput(until),
    });
  };
  return (
    <form className="card log-filters" onSubmit={submit} aria-label="Filter the audit log">
      <div className="form-grid">
        <div className="field">
          <label htmlFor={eventId}>Event</label>
          <select
            id={eventId}
            value={eventChoice}
            onChange={(event) => setEventChoice(event.target.value)}
          >
            <option value="">Any event</option>
            {EVENT_GROUPS.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.events.map((name) => (
                  <option key={name} value={name}>
                    {eventLabel(name)}
                  </option>
                ))}
              </optgroup>
            ))}
            <option value={OTHER}>Another event (type its name)</option>
          </select>
        </div>
        {eventChoice === OTHER && (
          <Field
            label="Event name"
            required
            maxLength={64}
            spellCheck={false}
            placeholder="e.g. token_denied"
            value={otherEvent}
            onChange={(event) => setOtherEvent(event.target.value)}
          />
        )}
        <UserFilter value={userId} onValue={setUserId} />
        <ClientFilter value={clientId} onValue={setClientId} />
        <Field
          label="From"
          type="datetime-local"
          value={since}
          onChange={(event) => setSince(event.target.value)}
        />
        <Field
          label="Until"
          type="datetime-local"
          value={until}
          min={since || undefined}
          onChange={(event) => setUntil(event.target.value)}
          hint="Your time zone; the end is not included."
        />
      </div>
      <div className="actions">
        <button type="submit">Show events</button>
        {hasFilters(filters) && (
          <button type="button" className="button-quiet" onClick={() => onApply(NO_FILTERS)}>
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}

/** A select of the API clients; a client ID as text for whoever may not list them. */
function ClientFilter({ value, onValue }: { value: string; onValue: (id: string) => void }) {
  const clients = useQuery(filterClientsQuery);
  const id = useId();
  if (clients.isPending) {
    return <Field label="Client" disabled value={value} placeholder="Loading the clients…" />;
  }
  if (!clients.data) {
    return (
      <Field
        label="Client ID"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        hint="The API client's ID, as the log shows it."
      />
    );
  }
  const listed = value === WEB_CLIENT_ID || clients.data.some((client) => client.id === value);
  return (
    <div className="field">
      <label htmlFor={id}>Client</label>
      <select id={id} value={value} onChange={(event) => onValue(event.target.value)}>
        <option value="">Any client</option>
        {clients.data.map((client) => (
          <option key={client.id} value={client.id}>
            {client.name}
          </option>
        ))}
        {value && !listed && <option value={value}>{value} (not registered now)</option>}
        <option value={WEB_CLIENT_ID}>The web app ({WEB_CLIENT_ID})</option>
      </select>
    </div>
  );
}
