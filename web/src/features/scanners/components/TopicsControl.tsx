import { useId, type ReactNode } from 'react';
import type { ScannerPolicies } from '../api.ts';
import { LinesControl } from './LinesControl.tsx';

type Topic = ScannerPolicies['topic']['settings']['bannedTopics'][number];

interface Props {
  label: string;
  value: readonly Topic[];
  onChange: (value: Topic[]) => void;
  hint?: string | undefined;
  error?: { message: string; index?: number | undefined } | undefined;
  note?: ReactNode;
}

/** The topic scanner's topics: each a name (shown in findings) and the phrases that mean it. */
export function TopicsControl({ label, value, onChange, hint, error, note }: Props) {
  const hintId = useId();
  const change = (index: number, topic: Topic) =>
    onChange(value.map((current, at) => (at === index ? topic : current)));
  const listError = error && error.index === undefined ? error.message : undefined;
  return (
    <fieldset className="field list-editor" aria-describedby={hint ? hintId : undefined}>
      <legend>{label}</legend>
      {hint && (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      )}
      {value.length === 0 && <p className="muted">None.</p>}
      {value.map((topic, index) => (
        <TopicRow
          key={index}
          legend={`${label}: topic ${index + 1}`}
          topic={topic}
          onChange={(next) => change(index, next)}
          onRemove={() => onChange(value.filter((_, at) => at !== index))}
          error={error?.index === index ? error.message : undefined}
        />
      ))}
      {listError && <div className="field-error">{listError}</div>}
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          onClick={() => onChange([...value, { name: '', phrases: [] }])}
        >
          Add a topic<span className="visually-hidden"> to {label.toLowerCase()}</span>
        </button>
      </div>
      {note}
    </fieldset>
  );
}

function TopicRow({
  legend,
  topic,
  onChange,
  onRemove,
  error,
}: {
  legend: string;
  topic: Topic;
  onChange: (topic: Topic) => void;
  onRemove: () => void;
  error: string | undefined;
}) {
  const id = useId();
  return (
    <fieldset className="list-item">
      <legend>{legend}</legend>
      <div className="field">
        <label htmlFor={id}>Name</label>
        <input
          id={id}
          maxLength={100}
          value={topic.name}
          onChange={(event) => onChange({ ...topic, name: event.target.value })}
        />
      </div>
      <LinesControl
        label="Phrases"
        hint="Words or phrases that mean this topic, one per line."
        value={topic.phrases}
        onChange={(phrases) => onChange({ ...topic, phrases })}
        error={error}
      />
      <div className="list-item-actions">
        <button type="button" className="button-quiet" onClick={onRemove}>
          Remove topic<span className="visually-hidden"> ({legend})</span>
        </button>
      </div>
    </fieldset>
  );
}
