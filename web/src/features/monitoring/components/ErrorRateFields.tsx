import { Field } from '../../../components/Field.tsx';
import type { RuleDraft } from '../rule-draft.ts';
import { WindowField } from './WindowField.tsx';

type ErrorRate = RuleDraft['errorRate'];

/** An error-rate rule: an agent's share of failed provider calls within a window. */
export function ErrorRateFields({
  errorRate,
  onChange,
}: {
  errorRate: ErrorRate;
  onChange: (errorRate: ErrorRate) => void;
}) {
  const set = (changes: Partial<ErrorRate>) => onChange({ ...errorRate, ...changes });
  return (
    <>
      <div className="field-row">
        <Field
          label="Errors (% of calls)"
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          step={1}
          required
          value={errorRate.percent}
          onChange={(event) => set({ percent: event.target.value })}
        />
        <Field
          label="Fewest calls"
          type="number"
          inputMode="numeric"
          min={1}
          max={1_000_000}
          step={1}
          required
          value={errorRate.minCalls}
          onChange={(event) => set({ minCalls: event.target.value })}
          hint="Answers and errors in the window before the rate counts."
        />
      </div>
      <WindowField
        window={errorRate.window}
        onChange={(window) => set({ window })}
        hint="Each agent's calls within this time before each error."
      />
    </>
  );
}
