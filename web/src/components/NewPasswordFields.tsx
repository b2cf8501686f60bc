import { useState } from 'react';
import { useAccountOptions } from '../lib/account-options.ts';
import { Field } from './Field.tsx';

interface NewPasswordFieldsProps {
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
  /** The server's policy (GET /api/Account/Options). */
  minLength: number;
  /** The server's verdict on the last try (its 400 detail names what makes it weak). */
  serverVerdict?: string | undefined;
  label?: string;
}

/**
 * A new password typed twice. Length and match are checked as the person types; strength is the
 * server's call (zxcvbn with its dictionaries), shown under the field when it refuses one.
 */
export function NewPasswordFields({
  password,
  confirmation,
  onPassword,
  onConfirmation,
  minLength,
  serverVerdict,
  label = 'New password',
}: NewPasswordFieldsProps) {
  const short = password.length > 0 && password.length < minLength;
  const mismatch = confirmation.length > 0 && confirmation !== password;
  const lengthHint =
    password.length === 0
      ? `At least ${minLength} characters. A few unrelated words make a strong password.`
      : short
        ? `${password.length} of at least ${minLength} characters.`
        : `${password.length} characters: long enough.`;
  return (
    <>
      <Field
        label={label}
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        maxLength={256}
        value={password}
        onChange={(event) => onPassword(event.target.value)}
        hint={<span aria-live="polite">{lengthHint}</span>}
        error={serverVerdict}
      />
      <Field
        label="Type it again"
        type="password"
        autoComplete="new-password"
        required
        value={confirmation}
        onChange={(event) => onConfirmation(event.target.value)}
        error={mismatch ? 'The two passwords differ.' : undefined}
      />
    </>
  );
}

/** Whether the form may be sent: long enough and typed the same twice. */
export function newPasswordReady(password: string, confirmation: string, minLength: number) {
  return password.length >= minLength && password === confirmation;
}

/**
 * The state of a new password typed twice, under the server's policy. `fields(onEdit)` gives
 * NewPasswordFields its props; `onEdit` runs when the password changes (to clear a verdict).
 */
export function useNewPassword() {
  const { passwordPolicy } = useAccountOptions();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  return {
    password,
    ready: newPasswordReady(password, confirmation, passwordPolicy.minLength),
    clear: () => {
      setPassword('');
      setConfirmation('');
    },
    fields: (onEdit: () => void) => ({
      password,
      confirmation,
      onPassword: (value: string) => {
        setPassword(value);
        onEdit();
      },
      onConfirmation: setConfirmation,
      minLength: passwordPolicy.minLength,
    }),
  };
}
