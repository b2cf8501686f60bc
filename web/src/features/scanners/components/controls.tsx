// The editor's labelled controls: each ties its hint and error to the input (aria-describedby)
// and shows, under it, the `note` the override mode adds (the default and "Use default").
import { useEffect, useId, useState, type ReactNode } from 'react';

export interface ControlProps<T> {
  label: string;
  value: T;
  onChange: (value: T) => void;
  hint?: ReactNode;
  error?: string | undefined;
  note?: ReactNode;
}

function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  return (
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  );
}

/** The hint, the error and the note under a control. */
export function Help({
  id,
  hint,
  error,
  note,
}: {
  id: string;
  hint?: ReactNode;
  error?: string | undefined;
  note?: ReactNode;
}) {
  return (
    <>
      {hint && (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      )}
      {note}
    </>
  );
}

/** The attributes that tie an input to its label, hint and error. */
export function inputProps(id: string, hint: ReactNode, error: string | undefined) {
  return {
    id,
    'aria-describedby': describedBy(id, hint, error),
    'aria-invalid': error ? true : undefined,
  };
}

export function CheckboxControl({
  label,
  value,
  onChange,
  hint,
  error,
  note,
}: ControlProps<boolean>) {
  const id = useId();
  return (
    <div className="field checkbox-field">
      <label>
        <input
          type="checkbox"
          {...inputProps(id, hint, error)}
          checked={value}
          onChange={(event) => onChange(event.target.checked)}
        />
        {label}
      </label>
      <Help id={id} hint={hint} error={error} note={note} />
    </div>
  );
}

function isPairs(
  options: Readonly<Record<string, string>> | readonly (readonly [string, string])[],
): options is readonly (readonly [string, string])[] {
  return Array.isArray(options);
}

export function SelectControl<T extends string>({
  label,
  value,
  onChange,
  options,
  hint,
  error,
  note,
}: ControlProps<T> & {
  /** By value; or as [value, text] pairs when the order matters (ids may look like numbers). */
  options: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
}) {
  const id = useId();
  const entries: readonly (readonly [string, string])[] = isPairs(options)
    ? options
    : Object.entries(options);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        {...inputProps(id, hint, error)}
        value={value}
        onChange={(event) => onChange(event.target.value as T)}
      >
        {entries.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      <Help id={id} hint={hint} error={error} note={note} />
    </div>
  );
}

/**
 * A number typed freely (an empty or half-typed value stays on screen) and reported when it is
 * one the server accepts.
 */
export function NumberControl({
  label,
  value,
  onChange,
  min,
  max,
  step = 1,
  hint,
  error,
  note,
}: ControlProps<number> & { min: number; max: number; step?: number }) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value && current !== '' ? current : String(value)));
  }, [value]);
  const number = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(number) && number >= min && number <= max;
  const ownError = valid ? undefined : `Enter a number from ${min} to ${max}.`;
  const shown = error ?? ownError;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        type="number"
        inputMode={step < 1 ? 'decimal' : 'numeric'}
        min={min}
        max={max}
        step={step}
        {...inputProps(id, hint, shown)}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          const next = Number(event.target.value);
          if (event.target.value.trim() !== '' && next >= min && next <= max) {
            onChange(step < 1 ? next : Math.round(next));
          }
        }}
      />
      <Help id={id} hint={hint} error={shown} note={note} />
    </div>
  );
}

/** Some of the options, as a group of checkboxes; the value keeps the options' order. */
export function CheckboxGroup<T extends string>({
  label,
  value,
  onChange,
  options,
  hint,
  error,
  note,
}: ControlProps<T[]> & { options: Readonly<Record<T, string>> }) {
  const id = useId();
  const keys = Object.keys(options) as T[];
  const toggle = (option: T, on: boolean) =>
    onChange(keys.filter((key) => (key === option ? on : value.includes(key))));
  return (
    <fieldset className="field checkbox-group" aria-describedby={describedBy(id, hint, error)}>
      <legend>{label}</legend>
      <ul className="checkbox-list">
        {keys.map((option) => (
          <li key={option}>
            <label>
              <input
                type="checkbox"
                checked={value.includes(option)}
                onChange={(event) => toggle(option, event.target.checked)}
              />
              {options[option]}
            </label>
          </li>
        ))}
      </ul>
      <Help id={id} hint={hint} error={error} note={note} />
    </fieldset>
  );
}

export function TextAreaControl({
  label,
  value,
  onChange,
  maxLength,
  rows = 4,
  hint,
  error,
  note,
}: ControlProps<string> & { maxLength: number; rows?: number }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        {...inputProps(id, hint, error)}
        rows={rows}
        maxLength={maxLength}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      <Help id={id} hint={hint} error={error} note={note} />
    </div>
  );
}
