import type { ReactNode } from 'react';
import { Field } from './Field.tsx';

/** A labelled whole number from `min` to `max`, kept as typed (text) until the form is sent. */
export function WholeNumberField({
  label,
  min,
  max,
  value,
  onChange,
  hint,
  required = true,
}: {
  label: string;
  min: number;
  max: number;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  /** False: empty is a value too (the caller's default). */
  required?: boolean;
}) {
  return (
    <Field
      label={label}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={1}
      required={required}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint={hint}
    />
  );
}
