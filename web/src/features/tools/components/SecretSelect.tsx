import { useId, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/errors.ts';
import { secretsQuery } from '../api.ts';
import { NewSecret } from './NewSecret.tsx';

/**
 * A custom secret picked by name (GET /api/Secrets/ListSecrets): the form never sees a value.
 * A name the list lacks (its secret deleted since) stays selectable, marked missing.
 */
export function SecretSelect({
  label,
  value,
  onChange,
  hint,
  error,
}: {
  label: string;
  value: string;
  onChange: (name: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  const id = useId();
  const secrets = useQuery(secretsQuery);
  const names = secrets.data?.map((secret) => secret.name) ?? [];
  const missing = value !== '' && secrets.data !== undefined && !names.includes(value);
  const listHint = secrets.isError
    ? `The secrets could not be listed: ${errorMessage(secrets.error)}`
    : secrets.data?.length === 0
      ? 'No custom secret exists yet: add one below (or with `airisk secrets set NAME`), then pick it here.'
      : undefined;
  const describedBy = [
    hint ? `${id}-hint` : '',
    listHint ? `${id}-list` : '',
    error ? `${id}-error` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{secrets.isPending ? 'Loading the secrets…' : 'Choose a secret'}</option>
        {missing && <option value={value}>{value} (missing: no such secret now)</option>}
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      {hint && (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {listHint && (
        <div className="field-hint" id={`${id}-list`}>
          {listHint}
        </div>
      )}
      {error && (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      )}
      <NewSecret taken={names} onAdded={onChange} />
    </div>
  );
}
