import { Field } from '../../../components/Field.tsx';

/** The email a person signs in with (their username, for password managers). */
export function EmailField({
  value,
  onValue,
}: {
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <Field
      label="Email"
      type="email"
      autoComplete="username"
      required
      value={value}
      onChange={(event) => onValue(event.target.value)}
    />
  );
}
