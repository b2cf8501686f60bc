import { Field } from '../../../components/Field.tsx';
import type { RuleDraft } from '../rule-draft.ts';
import { entriesOf, SPEND_METRICS, SPEND_PERIODS, SPEND_SUBJECTS } from '../rule-words.ts';
import { SelectField } from '../../../components/SelectField.tsx';

type Spend = RuleDraft['spend'];

/** A spend rule: whose tokens or cost, per day or month, reaching how much. */
export function SpendFields({
  spend,
  onChange,
}: {
  spend: Spend;
  onChange: (spend: Spend) => void;
}) {
  const set = (changes: Partial<Spend>) => onChange({ ...spend, ...changes });
  const isCost = spend.metric === 'costMicros';
  return (
    <div className="field-row">
      <SelectField
        label="Counted for"
        value={spend.subject}
        options={entriesOf(SPEND_SUBJECTS)}
        onChange={(subject) => set({ subject })}
      />
      <SelectField
        label="Measure"
        value={spend.metric}
        options={entriesOf(SPEND_METRICS)}
        onChange={(metric) => set({ metric })}
      />
      <SelectField
        label="Period"
        value={spend.period}
        options={entriesOf(SPEND_PERIODS)}
        onChange={(period) => set({ period })}
      />
      <Field
        label={isCost ? 'Amount (US dollars)' : 'Amount (tokens)'}
        type="number"
        inputMode="decimal"
        min={isCost ? 0.000001 : 1}
        step={isCost ? 'any' : 1}
        required
        value={spend.amount}
        onChange={(event) => set({ amount: event.target.value })}
        hint="The issue opens when the period's total reaches this."
      />
    </div>
  );
}
