import { useId } from 'react';
import { NEW_PARAMETER, type DraftErrors, type ParameterDraft } from '../api-draft.ts';
import { PARAMETER_LOCATIONS, PARAMETER_TYPES } from '../tool-words.ts';

interface Props {
  value: readonly ParameterDraft[];
  onChange: (value: ParameterDraft[]) => void;
  /** The form's errors; this table shows `parameters.<n>.<field>`. */
  errors: DraftErrors;
}

/**
 * The API's parameters, one row each: where it goes, its type, what the model is told, and its
 * default. Each input is named for its row ("Name of parameter 2"); on a phone a row is a block.
 */
export function ParametersTable({ value, onChange, errors }: Props) {
  const hintId = useId();
  const change = (index: number, changes: Partial<ParameterDraft>) =>
    onChange(value.map((row, at) => (at === index ? { ...row, ...changes } : row)));
  return (
    <section className="card stack" aria-labelledby={`${hintId}-heading`}>
      <h2 id={`${hintId}-heading`} className="tab-heading">
        Parameters
      </h2>
      <p className="field-hint" id={hintId}>
        What the model fills in, each with a description telling the model what to put in it. Each
        goes in the path (<code>{'{name}'}</code> in the path above), the query string, a header or
        the JSON body. A <strong>fixed</strong> parameter is always sent with its default and the
        model is not told of it (an account number, a version).
      </p>
      {value.length === 0 ? (
        <p className="muted">No parameters: the model calls the API with none.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table parameters-table" aria-describedby={hintId}>
            <caption className="visually-hidden">Parameters</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Location</th>
                <th scope="col">Type</th>
                <th scope="col">Description</th>
                <th scope="col">Required</th>
                <th scope="col">Default</th>
                <th scope="col">Fixed</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {value.map((row, index) => (
                <ParameterRow
                  key={index}
                  index={index}
                  row={row}
                  errors={errors}
                  onChange={(changes) => change(index, changes)}
                  onRemove={() => onChange(value.filter((_, at) => at !== index))}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          onClick={() => onChange([...value, NEW_PARAMETER])}
        >
          Add a parameter
        </button>
      </div>
    </section>
  );
}

function ParameterRow({
  index,
  row,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  row: ParameterDraft;
  errors: DraftErrors;
  onChange: (changes: Partial<ParameterDraft>) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const of = `of parameter ${index + 1}`;
  const nameError = errors[`parameters.${index}.name`];
  const defaultError = errors[`parameters.${index}.default`];
  return (
    <tr>
      <td data-label="Name">
        <input
          aria-label={`Name ${of}`}
          className="mono"
          required
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          value={row.name}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${id}-name` : undefined}
          onChange={(event) => onChange({ name: event.target.value })}
        />
        {nameError && (
          <div className="field-error" id={`${id}-name`}>
            {nameError}
          </div>
        )}
      </td>
      <td data-label="Location">
        <select
          aria-label={`Location ${of}`}
          value={row.in}
          onChange={(event) => onChange({ in: event.target.value as ParameterDraft['in'] })}
        >
          {PARAMETER_LOCATIONS.map(([location, label]) => (
            <option key={location} value={location}>
              {label}
            </option>
          ))}
        </select>
      </td>
      <td data-label="Type">
        <select
          aria-label={`Type ${of}`}
          value={row.type}
          onChange={(event) => onChange({ type: event.target.value as ParameterDraft['type'] })}
        >
          {PARAMETER_TYPES.map(([type, label]) => (
            <option key={type} value={type}>
              {label}
            </option>
          ))}
        </select>
      </td>
      <td data-label="Description">
        <input
          aria-label={`Description ${of}`}
          maxLength={2000}
          value={row.description}
          onChange={(event) => onChange({ description: event.target.value })}
        />
      </td>
      <td data-label="Required" className="cell-check">
        <input
          type="checkbox"
          aria-label={`Required: ${of}`}
          checked={row.required}
          onChange={(event) => onChange({ required: event.target.checked })}
        />
      </td>
      <td data-label="Default">
        <input
          aria-label={`Default ${of}`}
          className="mono"
          spellCheck={false}
          autoCapitalize="off"
          value={row.default}
          placeholder={row.type === 'string' ? '' : 'JSON'}
          aria-invalid={defaultError ? true : undefined}
          aria-describedby={defaultError ? `${id}-default` : undefined}
          onChange={(event) => onChange({ default: event.target.value })}
        />
        {defaultError && (
          <div className="field-error" id={`${id}-default`}>
            {defaultError}
          </div>
        )}
      </td>
      <td data-label="Fixed" className="cell-check">
        <input
          type="checkbox"
          aria-label={`Fixed: ${of}`}
          checked={row.fixed}
          onChange={(event) => onChange({ fixed: event.target.checked })}
        />
      </td>
      <td className="cell-remove">
        <button type="button" className="button-quiet button-small" onClick={onRemove}>
          Remove<span className="visually-hidden"> parameter {index + 1}</span>
        </button>
      </td>
    </tr>
  );
}
