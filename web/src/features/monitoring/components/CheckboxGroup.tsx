import { useId } from 'react';

/** A fieldset of checkboxes choosing any of `options`; none chosen means "any" (the hint says so). */
export function CheckboxGroup<Value extends string>({
  legend,
  hint,
  options,
  chosen,
  onChange,
}: {
  legend: string;
  hint: string;
  options: readonly (readonly [Value, string])[];
  chosen: readonly Value[];
  onChange: (chosen: Value[]) => void;
}) {
  const hintId = useId();
  return (
    <fieldset className="checkbox-group" aria-describedby={hintId}>
      <legend>{legend}</legend>
      <div className="field-hint" id={hintId}>
        {hint}
      </div>
      <ul className="checkbox-list">
        {options.map(([value, label]) => (
          <li key={value}>
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(value)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...chosen, value]
                      : chosen.filter((other) => other !== value),
                  )
                }
              />
              {label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
