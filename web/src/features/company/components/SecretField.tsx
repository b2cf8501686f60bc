import { Field } from '../../../components/Field.tsx';

/**
 * A write-only secret: never shown. With one stored, an empty field keeps it and a checkbox
 * removes it; `input()` is what to send (undefined: keep, null: remove).
 */
export function SecretField({
  label,
  value,
  onValue,
  stored,
  remove,
  onRemove,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** A secret is stored in these settings. */
  stored: boolean;
  remove: boolean;
  onRemove: (remove: boolean) => void;
}) {
  return (
    <div className="stack secret-field">
      <Field
        label={label}
        type="password"
        autoComplete="new-password"
        maxLength={8192}
        value={value}
        disabled={remove}
        onChange={(event) => onValue(event.target.value)}
        placeholder={stored ? 'Stored' : ''}
        hint={
          stored
            ? 'Stored — leave empty to keep it. It is never shown.'
            : 'Write-only: stored encrypted, never shown again.'
        }
      />
      {stored && (
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={remove}
            onChange={(event) => {
              onRemove(event.target.checked);
              if (event.target.checked) {
                onValue('');
              }
            }}
          />
          Remove the stored {label.toLowerCase()}
        </label>
      )}
    </div>
  );
}

/** What a SecretField's state sends: undefined keeps the stored secret, null removes it. */
export function secretInput(value: string, remove: boolean): string | null | undefined {
  if (remove) {
    return null;
  }
  return value === '' ? undefined : value;
}
