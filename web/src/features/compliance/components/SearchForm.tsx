import { useState, type FormEvent } from 'react';
import { AgentSelect } from '../../../components/AgentSelect.tsx';
import { Field } from '../../../components/Field.tsx';
import { isoOfLocalInput, localInputOf } from '../../logs/filters.ts';
import { hasFilters, NO_FILTERS, type SearchFilters } from '../criteria.ts';

const KINDS = [
  ['prompt', 'Question'],
  ['answer', 'Answer'],
  ['blocked', 'Blocked'],
  ['file_upload', 'File upload'],
  ['feedback', 'Feedback'],
  ['conversation_deleted', 'Conversation deleted'],
  ['settings_changed', 'Settings changed'],
  ['provider_error', 'Provider error'],
] as const;
const VERDICTS = ['pass', 'flag', 'redact', 'block'] as const;

/** The search as a form: applied (to the URL) when sent. */
export function SearchForm({
  filters,
  onApply,
}: {
  filters: SearchFilters;
  onApply: (filters: SearchFilters) => void;
}) {
  const [draft, setDraft] = useState({
    ...filters,
    since: localInputOf(filters.since),
    until: localInputOf(filters.until),
  });
  const set = (field: keyof SearchFilters) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [field]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(
      Object.entries(draft).map(([field, value]) => [field, value.trim()]),
    ) as unknown as SearchFilters;
    onApply({
      ...trimmed,
      since: isoOfLocalInput(draft.since),
      until: isoOfLocalInput(draft.until),
    });
  };
  return (
    <form className="card compliance-search" onSubmit={submit} aria-label="Search the activity">
      <Field
        label="Words"
        type="search"
        maxLength={1000}
        value={draft.text}
        onChange={set('text')}
        hint='All words must match; "quoted phrase", prefix* work.'
      />
      <div className="form-grid">
        <div className="field">
          <label htmlFor="compliance-kind">Kind</label>
          <select id="compliance-kind" value={draft.kind} onChange={set('kind')}>
            <option value="">Any kind</option>
            {KINDS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="compliance-verdict">Verdict</label>
          <select id="compliance-verdict" value={draft.verdict} onChange={set('verdict')}>
            <option value="">Any verdict</option>
            {VERDICTS.map((verdict) => (
              <option key={verdict} value={verdict}>
                {verdict}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Finding type"
          maxLength={64}
          spellCheck={false}
          placeholder="e.g. apiKey"
          value={draft.findingType}
          onChange={set('findingType')}
        />
        <Field
          label="Scanner"
          maxLength={64}
          spellCheck={false}
          placeholder="e.g. secrets"
          value={draft.scanner}
          onChange={set('scanner')}
        />
        <Field
          label="User ID"
          autoComplete="off"
          spellCheck={false}
          value={draft.userId}
          onChange={set('userId')}
        />
        <AgentSelect
          value={draft.agentId}
          onChange={(agentId) => set('agentId')({ target: { value: agentId } })}
          hint="Only this agent's conversations."
        />
        <Field label="From" type="datetime-local" value={draft.since} onChange={set('since')} />
        <Field
          label="Until"
          type="datetime-local"
          value={draft.until}
          min={draft.since || undefined}
          onChange={set('until')}
          hint="Your time zone; the end is not included."
        />
      </div>
      <div className="actions">
        <button type="submit">Search</button>
        {hasFilters(filters) && (
          <button type="button" className="button-quiet" onClick={() => onApply(NO_FILTERS)}>
            Clear search
          </button>
        )}
      </div>
    </form>
  );
}
