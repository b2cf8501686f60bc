import { WholeNumberField } from '../../../components/WholeNumberField.tsx';
import { MAX_WINDOW_MINUTES, unitMinutes, WINDOW_UNITS, type TimeWindow } from '../rule-draft.ts';
import { SelectField } from '../../../components/SelectField.tsx';

/** A time window as an amount and a unit (minutes, hours, days), up to 30 days. */
export function WindowField({
  window,
  onChange,
  hint,
}: {
  window: TimeWindow;
  onChange: (window: TimeWindow) => void;
  hint: string;
}) {
  return (
    <div className="field-row window-field">
      <WholeNumberField
        label="Within"
        min={1}
        max={Math.floor(MAX_WINDOW_MINUTES / unitMinutes(window.unit))}
        value={window.amount}
        onChange={(amount) => onChange({ ...window, amount })}
        hint={hint}
      />
      <SelectField
        label="Unit"
        value={window.unit}
        options={WINDOW_UNITS.map((unit) => [unit.value, unit.label] as const)}
        onChange={(unit) => onChange({ ...window, unit })}
      />
    </div>
  );
}
