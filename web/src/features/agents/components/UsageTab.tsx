import { useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { WholeNumberField } from '../../../components/WholeNumberField.tsx';
import { useUpdateAgent, type Agent } from '../api.ts';
import { TabForm } from './TabForm.tsx';

/** Usage: how much of the conversation the model reads, and how it answers. */
export function UsageTab({ agent }: { agent: Agent }) {
  const update = useUpdateAgent(agent.id);
  const [maxMessages, setMaxMessages] = useState(String(agent.maxMessages));
  const [temperature, setTemperature] = useState(agent.temperature?.toString() ?? '');
  const [maxOutputTokens, setMaxOutputTokens] = useState(agent.maxOutputTokens?.toString() ?? '');
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    update.reset();
  };
  return (
    <TabForm
      label="Usage"
      saving={update}
      onSubmit={() =>
        update.mutate({
          maxMessages: Number(maxMessages),
          temperature: orNull(temperature),
          maxOutputTokens: orNull(maxOutputTokens),
        })
      }
    >
      <div className="form-grid">
        <WholeNumberField
          label="Max messages"
          min={1}
          max={1000}
          value={maxMessages}
          onChange={edit(setMaxMessages)}
          hint="Only the last this many messages (the question included) go to the model, 1 to 1000. The system prompt always does."
        />
        <Field
          label="LLM temperature"
          type="number"
          inputMode="decimal"
          min={0}
          max={2}
          step={0.1}
          value={temperature}
          onChange={(event) => edit(setTemperature)(event.target.value)}
          hint="0 to 2: lower answers more predictably. Empty: the provider's default."
        />
        <WholeNumberField
          label="Max output tokens"
          min={1}
          max={1_000_000}
          required={false}
          value={maxOutputTokens}
          onChange={edit(setMaxOutputTokens)}
          hint="The longest answer, in tokens. Empty: the provider's default."
        />
      </div>
    </TabForm>
  );
}

function orNull(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}
