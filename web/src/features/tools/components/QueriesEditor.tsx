import { useId } from 'react';
import { Field } from '../../../components/Field.tsx';
import { TextAreaField } from '../../../components/TextAreaField.tsx';
import type { DraftErrors } from '../api-draft.ts';
import {
  NEW_QUERY,
  NEW_QUERY_PARAMETER,
  type DatabaseQuery,
  type QueryParameter,
} from '../database-draft.ts';
import { QUERY_PARAMETER_TYPES } from '../tool-words.ts';

interface Props {
  /** The database's name: each query's tool is `<database>_<query>`. */
  databaseName: string;
  value: readonly DatabaseQuery[];
  onChange: (value: DatabaseQuery[]) => void;
  errors: DraftErrors;
}

/** The admin's queries: each a tool the model fills in ($1, $2… are its parameters, in order). */
export function QueriesEditor({ databaseName, value, onChange, errors }: Props) {
  const headingId = useId();
  const change = (index: number, changes: Partial<DatabaseQuery>) =>
    onChange(value.map((query, at) => (at === index ? { ...query, ...changes } : query)));
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId} className="tab-heading">
        Queries
      </h2>
      <p className="field-hint">
        Each query is a tool named <code>{databaseName.trim() || 'database'}_&lt;query&gt;</code>.
        Write a SELECT with <code>$1</code>, <code>$2</code>… where the model&rsquo;s values go, and
        list one parameter per placeholder, in order: the values are sent apart from the SQL, never
        written into it.
      </p>
      {value.length === 0 && (
        <p className="muted">No query yet: add one, or let the model write its own SQL below.</p>
      )}
      {value.map((query, index) => (
        <QueryFields
          key={index}
          index={index}
          databaseName={databaseName}
          query={query}
          errors={errors}
          onChange={(changes) => change(index, changes)}
          onRemove={() => onChange(value.filter((_, at) => at !== index))}
        />
      ))}
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          onClick={() => onChange([...value, NEW_QUERY])}
        >
          Add a query
        </button>
      </div>
    </section>
  );
}

function QueryFields({
  index,
  databaseName,
  query,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  databaseName: string;
  query: DatabaseQuery;
  errors: DraftErrors;
  onChange: (changes: Partial<DatabaseQuery>) => void;
  onRemove: () => void;
}) {
  const at = `queries.${index}`;
  const number = index + 1;
  const setParameter = (position: number, changes: Partial<QueryParameter>) =>
    onChange({
      parameters: query.parameters.map((parameter, other) =>
        other === position ? { ...parameter, ...changes } : parameter,
      ),
    });
  return (
    <fieldset className="list-item query-item">
      <legend>Query {number}</legend>
      <div className="form-grid">
        <Field
          label="Name"
          required
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          className="mono"
          value={query.name}
          error={errors[`${at}.name`]}
          onChange={(event) => onChange({ name: event.target.value })}
          hint={
            <>
              The tool:{' '}
              <code>{`${databaseName.trim() || 'database'}_${query.name.trim() || '…'}`}</code>
            </>
          }
        />
        <Field
          label="Description for the model"
          maxLength={2000}
          value={query.description}
          onChange={(event) => onChange({ description: event.target.value })}
          hint="What the query answers, and when to use it."
        />
      </div>
      <TextAreaField
        label="SQL"
        required
        rows={4}
        className="mono"
        spellCheck={false}
        autoCapitalize="off"
        placeholder="SELECT id, status FROM orders WHERE customer_id = $1"
        value={query.sql}
        error={errors[`${at}.sql`]}
        onChange={(event) => onChange({ sql: event.target.value })}
      />
      <div className="query-parameters">
        <h3 className="query-parameters-heading">Parameters of query {number}</h3>
        {query.parameters.length === 0 ? (
          <p className="muted">None: the query takes no value.</p>
        ) : (
          <ol className="query-parameter-list">
            {query.parameters.map((parameter, position) => (
              <QueryParameterRow
                key={position}
                label={`$${position + 1} of query ${number}`}
                parameter={parameter}
                error={errors[`${at}.parameters.${position}.name`]}
                onChange={(changes) => setParameter(position, changes)}
                onRemove={() =>
                  onChange({
                    parameters: query.parameters.filter((_, other) => other !== position),
                  })
                }
              />
            ))}
          </ol>
        )}
        <div className="actions">
          <button
            type="button"
            className="button-secondary button-small"
            onClick={() => onChange({ parameters: [...query.parameters, NEW_QUERY_PARAMETER] })}
          >
            Add ${query.parameters.length + 1}
            <span className="visually-hidden"> to query {number}</span>
          </button>
        </div>
      </div>
      <div className="actions">
        <button type="button" className="button-quiet danger-text" onClick={onRemove}>
          Remove query {number}
        </button>
      </div>
    </fieldset>
  );
}

function QueryParameterRow({
  label,
  parameter,
  error,
  onChange,
  onRemove,
}: {
  /** "$2 of query 1": names its inputs. */
  label: string;
  parameter: QueryParameter;
  error: string | undefined;
  onChange: (changes: Partial<QueryParameter>) => void;
  onRemove: () => void;
}) {
  const id = useId();
  return (
    <li className="query-parameter">
      <span className="placeholder mono" aria-hidden="true">
        {label.split(' ')[0]}
      </span>
      <div className="query-parameter-fields">
        <input
          aria-label={`Name of ${label}`}
          className="mono"
          placeholder="name"
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          value={parameter.name}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => onChange({ name: event.target.value })}
        />
        <select
          aria-label={`Type of ${label}`}
          value={parameter.type}
          onChange={(event) => onChange({ type: event.target.value as QueryParameter['type'] })}
        >
          {QUERY_PARAMETER_TYPES.map(([type, text]) => (
            <option key={type} value={type}>
              {text}
            </option>
          ))}
        </select>
        <input
          aria-label={`Description of ${label}`}
          placeholder="Description for the model"
          maxLength={2000}
          value={parameter.description}
          onChange={(event) => onChange({ description: event.target.value })}
        />
        <label className="inline-check">
          <input
            type="checkbox"
            checked={parameter.required}
            onChange={(event) => onChange({ required: event.target.checked })}
          />
          Required<span className="visually-hidden"> ({label})</span>
        </label>
        <button type="button" className="button-quiet button-small" onClick={onRemove}>
          Remove<span className="visually-hidden"> {label}</span>
        </button>
      </div>
      {error && (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      )}
    </li>
  );
}
