import { useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { WholeNumberField } from '../../../components/WholeNumberField.tsx';
import type { RuleDraft } from '../rule-draft.ts';
import { ACTIVITY_KINDS, COUNT_SUBJECTS, entriesOf, SCANNERS, VERDICTS } from '../rule-words.ts';
import { CheckboxGroup } from './CheckboxGroup.tsx';
import { AgentSelect } from '../../../components/AgentSelect.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { WindowField } from './WindowField.tsx';

type Count = RuleDraft['count'];

/** A count rule: which events, whose, how many within how long. */
export function CountFields({
  count,
  onChange,
}: {
  count: Count;
  onChange: (count: Count) => void;
}) {
  const set = (changes: Partial<Count>) => onChange({ ...count, ...changes });
  // Open at first when a condition is set; then as the person leaves it (never closed under them).
  const [conditionsOpen] = useState(() => hasConditions(count));
  return (
    <>
      <CheckboxGroup
        legend="Count these events"
        hint="None checked: events of any kind."
        options={entriesOf(ACTIVITY_KINDS)}
        chosen={count.kinds}
        onChange={(kinds) => set({ kinds })}
      />
      <div className="field-row">
        <SelectField
          label="Counted for"
          value={count.subject}
          options={entriesOf(COUNT_SUBJECTS)}
          onChange={(subject) => set({ subject })}
          hint="Each person or agent gets its own issue; everyone together, one."
        />
        <WholeNumberField
          label="Threshold (events)"
          min={1}
          max={1_000_000}
          value={count.threshold}
          onChange={(threshold) => set({ threshold })}
          hint="1: the first matching event opens an issue; later ones add to it until it is resolved."
        />
      </div>
      <WindowField
        window={count.window}
        onChange={(window) => set({ window })}
        hint="The events counted are those within this time before each new one."
      />
      <details className="more-conditions" open={conditionsOpen}>
        <summary>More conditions</summary>
        <CheckboxGroup
          legend="Scanner verdict"
          hint="None checked: any verdict."
          options={entriesOf(VERDICTS)}
          chosen={count.verdicts}
          onChange={(verdicts) => set({ verdicts })}
        />
        <CheckboxGroup
          legend="Found by these scanners"
          hint="None checked: with or without findings."
          options={entriesOf(SCANNERS)}
          chosen={count.scanners}
          onChange={(scanners) => set({ scanners })}
        />
        <div className="field-row">
          <Field
            label="Finding types"
            spellCheck={false}
            autoComplete="off"
            value={count.findingTypes}
            onChange={(event) => set({ findingTypes: event.target.value })}
            hint="Comma-separated, as the scanners name them, e.g. apiKey, creditCard."
          />
          <AgentSelect
            value={count.agentId}
            onChange={(agentId) => set({ agentId })}
            hint="Only this agent's events."
          />
        </div>
      </details>
    </>
  );
}

function hasConditions(count: Count): boolean {
  return (
    count.verdicts.length > 0 ||
    count.scanners.length > 0 ||
    count.findingTypes.trim() !== '' ||
    count.agentId.trim() !== ''
  );
}
