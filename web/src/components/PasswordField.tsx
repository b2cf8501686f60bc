import { Field } from './Field.tsx';

/** A password the person already has (sign-in, or confirming a change to their account). */
export function PasswordField({
  label,
  value,
  onValue,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <Field
      label={label}
      type="password"
      autoComplete="current-password"
      required
      value={value}
      onChange={(event) => onValue(event.target.value)}
    />
  );
}
