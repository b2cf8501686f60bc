import { useState, type KeyboardEvent } from 'react';
import { Field } from '../../../components/Field.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAddSecret } from '../api.ts';

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

/**
 * "Add a secret" under a secret picker: a new custom secret, then picked. It sits inside the
 * page's form, so it has no form of its own: Enter in its fields saves it, not the page.
 */
export function NewSecret({
  taken,
  onAdded,
}: {
  /** The names that exist: SetSecret would replace their value, which this is not for. */
  taken: readonly string[];
  onAdded: (name: string) => void;
}) {
  const add = useAddSecret();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const trimmed = name.trim();
  const nameError =
    trimmed && !SECRET_NAME.test(trimmed)
      ? 'Letters, digits, "_", "." and "-", starting with a letter or "_".'
      : taken.includes(trimmed)
        ? `A secret named ${trimmed} exists already: pick it in the list.`
        : undefined;
  const save = () => {
    if (!trimmed || !value || nameError) {
      return;
    }
    add.mutate(
      { name: trimmed, value },
      {
        onSuccess: () => {
          onAdded(trimmed);
          setName('');
          setValue('');
          setOpen(false);
        },
      },
    );
  };
  const onEnter = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      save();
    }
  };
  return (
    <details
      className="new-secret"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>Add a secret</summary>
      <div className="new-secret-fields" onKeyDown={onEnter}>
        <Field
          label="Secret name"
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          value={name}
          error={nameError}
          onChange={(event) => setName(event.target.value)}
          hint="Such as CRM_API_KEY."
        />
        <Field
          label="Secret value"
          type="password"
          autoComplete="new-password"
          maxLength={8192}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          hint="Stored sealed with the server's master key; never shown again."
        />
        <ErrorNotice error={add.error} />
        <div className="actions">
          <button
            type="button"
            className="button-secondary"
            disabled={add.isPending || !trimmed || !value || nameError !== undefined}
            onClick={save}
          >
            {add.isPending ? 'Saving…' : 'Save secret'}
          </button>
        </div>
      </div>
    </details>
  );
}
