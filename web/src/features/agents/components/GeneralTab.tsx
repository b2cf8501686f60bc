import { useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { TextAreaField } from '../../../components/TextAreaField.tsx';
import { useUpdateAgent, type Agent } from '../api.ts';
import { TabForm } from './TabForm.tsx';

/** General: what people see (name, description) and what the model is told (system prompt). */
export function GeneralTab({ agent }: { agent: Agent }) {
  const update = useUpdateAgent(agent.id);
  const [name, setName] = useState(agent.name);
  const [description, setDescription] = useState(agent.description);
  const [systemPrompt, setSystemPrompt] = useState(agent.systemPrompt);
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    update.reset();
  };
  return (
    <TabForm
      label="General settings"
      saving={update}
      onSubmit={() => update.mutate({ name: name.trim(), description, systemPrompt })}
    >
      <Field
        label="Name"
        required
        maxLength={200}
        autoComplete="off"
        value={name}
        onChange={(event) => edit(setName)(event.target.value)}
        hint="What people see in the chat."
      />
      <TextAreaField
        label="Description"
        rows={2}
        maxLength={2000}
        value={description}
        onChange={(event) => edit(setDescription)(event.target.value)}
        hint="What the agent is for, shown to the people who may use it."
      />
      <TextAreaField
        label="System prompt"
        rows={8}
        maxLength={100_000}
        value={systemPrompt}
        onChange={(event) => edit(setSystemPrompt)(event.target.value)}
        hint="The instructions the model gets before every conversation."
      />
    </TabForm>
  );
}
