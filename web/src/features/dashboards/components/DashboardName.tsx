import { Field } from '../../../components/Field.tsx';

/** What CreateDashboard and UpdateDashboard's 409 means. */
export const NAME_TAKEN = { 409: 'A dashboard has this name already: choose another.' };

/** The dashboard's name, as typed (the server trims it). */
export function DashboardNameField({
  value,
  onChange,
  hint,
}: {
  value: string;
  onChange: (name: string) => void;
  hint?: string;
}) {
  return (
    <Field
      label="Dashboard name"
      value={value}
      required
      maxLength={100}
      onChange={(event) => onChange(event.target.value)}
      hint={hint}
    />
  );
}
