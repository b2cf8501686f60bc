import { WholeNumberField } from '../../../components/WholeNumberField.tsx';
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
        <WholeNumberField
          label="Errors (% of calls)"
          min={1}
          max={100}
          value={errorRate.percent}
          onChange={(percent) => set({ percent })}
        />
        <WholeNumberField
          label="Fewest calls"
          min={1}
          max={1_000_000}
          value={errorRate.minCalls}
          onChange={(minCalls) => set({ minCalls })}
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
