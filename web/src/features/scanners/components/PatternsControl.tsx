import { useId, type ReactNode } from 'react';
import type { ScannerPolicies } from '../api.ts';
import { ACTION_LABELS } from '../options.ts';
import { inputProps } from './controls.tsx';

type Pattern = ScannerPolicies['regex']['settings']['patterns'][number];
type PatternAction = NonNullable<Pattern['action']>;

const FLAGS = [
  { flag: 'i', label: 'Ignore case' },
  { flag: 'm', label: '^ and $ at line ends' },
  { flag: 's', label: '. matches newlines' },
] as const;

interface Props {
  label: string;
  value: readonly Pattern[];
  onChange: (value: Pattern[]) => void;
  /** The server's error and the pattern it is about. */
  error?: { message: string; index?: number | undefined } | undefined;
  note?: ReactNode;
}

/** The regex scanner's patterns: a name, an RE2 expression, its flags and its own action. */
export function PatternsControl({ label, value, onChange, error, note }: Props) {
  const change = (index: number, pattern: Pattern) =>
    onChange(value.map((current, at) => (at === index ? pattern : current)));
  const listError = error && error.index === undefined ? error.message : undefined;
  return (
    <fieldset className="field list-editor">
      <legend>{label}</legend>
      {value.length === 0 && (
        <p className="muted">No patterns yet: add one to look for a code name or an id format.</p>
      )}
      {value.map((pattern, index) => (
        <PatternRow
          key={index}
          index={index}
          pattern={pattern}
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
          onClick={() => onChange([...value, { name: '', pattern: '' }])}
        >
          Add a pattern
        </button>
      </div>
      {note}
    </fieldset>
  );
}

function PatternRow({
  index,
  pattern,
  onChange,
  onRemove,
  error,
}: {
  index: number;
  pattern: Pattern;
  onChange: (pattern: Pattern) => void;
  onRemove: () => void;
  error: string | undefined;
}) {
  const id = useId();
  const flags = pattern.flags ?? '';
  // "regex.settings.patterns[1].name must …" is about the name; anything else, the expression.
  const nameError = error && /\]\.name\b/.test(error) ? error : undefined;
  const patternError = nameError ? undefined : error;
  const setFlag = (flag: string, on: boolean) => {
    const next = FLAGS.map((option) => option.flag)
      .filter((option) => (option === flag ? on : flags.includes(option)))
      .join('');
    const { flags: _, ...rest } = pattern;
    onChange(next ? { ...rest, flags: next } : rest);
  };
  const setAction = (action: string) => {
    const { action: _, ...rest } = pattern;
    onChange(action ? { ...rest, action: action as PatternAction } : rest);
  };
  return (
    <fieldset className="list-item">
      <legend>Pattern {index + 1}</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            {...inputProps(`${id}-name`, true, nameError)}
            maxLength={100}
            value={pattern.name}
            onChange={(event) => onChange({ ...pattern, name: event.target.value })}
          />
          <div className="field-hint" id={`${id}-name-hint`}>
            Names the pattern in findings.
          </div>
          {nameError && (
            <div className="field-error" id={`${id}-name-error`}>
              {nameError}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-pattern`}>Regular expression</label>
          <input
            {...inputProps(`${id}-pattern`, true, patternError)}
            className="mono"
            maxLength={1000}
            spellCheck={false}
            autoCapitalize="off"
            value={pattern.pattern}
            onChange={(event) => onChange({ ...pattern, pattern: event.target.value })}
          />
          <div className="field-hint" id={`${id}-pattern-hint`}>
            RE2 syntax: no backreferences or lookaround.
          </div>
          {patternError && (
            <div className="field-error" id={`${id}-pattern-error`}>
              {patternError}
            </div>
          )}
        </div>
      </div>
      <ul className="checkbox-list" aria-label={`Flags of pattern ${index + 1}`}>
        {FLAGS.map(({ flag, label }) => (
          <li key={flag}>
            <label>
              <input
                type="checkbox"
                checked={flags.includes(flag)}
                onChange={(event) => setFlag(flag, event.target.checked)}
              />
              {label}
            </label>
          </li>
        ))}
      </ul>
      <div className="list-item-actions">
        <div className="field">
          <label htmlFor={`${id}-action`}>On a match</label>
          <select
            id={`${id}-action`}
            value={pattern.action ?? ''}
            onChange={(event) => setAction(event.target.value)}
          >
            <option value="">The scanner’s action</option>
            {(Object.keys(ACTION_LABELS) as PatternAction[]).map((action) => (
              <option key={action} value={action}>
                {ACTION_LABELS[action]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button-quiet" onClick={onRemove}>
          Remove pattern {index + 1}
        </button>
      </div>
    </fieldset>
  );
}
