import { useState } from 'react';
import { useTestConnection, useUpdateAgent, type Agent } from '../api.ts';
import { ENGINES, engineBody, type EngineSettings } from '../engines.ts';
import { ApiKeyField } from './ApiKeyField.tsx';
import { EngineFields } from './EngineFields.tsx';
import { TabForm } from './TabForm.tsx';
import { TestConnectionButton, TestConnectionResult } from './TestConnection.tsx';

/** Engine: the provider, model and where it is; Test connection tries the form as it is. */
export function EngineTab({ agent }: { agent: Agent }) {
  const update = useUpdateAgent(agent.id);
  const test = useTestConnection();
  const [engine, setEngine] = useState<EngineSettings>({
    engine: agent.engine,
    model: agent.model,
    endpoint: agent.endpoint ?? '',
    region: agent.region ?? '',
  });
  const [apiKey, setApiKey] = useState('');
  const typedKey = apiKey.trim();
  const keyed = { ...(typedKey && { apiKey: typedKey }) };
  return (
    <TabForm
      label="Engine properties"
      saving={update}
      actions={
        <TestConnectionButton
          test={test}
          request={() => ({ agentId: agent.id, ...engineBody(engine), ...keyed })}
        />
      }
      footer={<TestConnectionResult test={test} />}
      onSubmit={() =>
        update.mutate({ ...engineBody(engine), ...keyed }, { onSuccess: () => setApiKey('') })
      }
    >
      <EngineFields
        value={engine}
        onChange={(next) => {
          setEngine(next);
          update.reset();
        }}
      />
      {engine.engine !== 'demo' && (
        <ApiKeyField
          engine={engine.engine}
          label={ENGINES[engine.engine].keyOptional ? 'API key (optional)' : 'API key'}
          value={apiKey}
          onChange={(value) => {
            setApiKey(value);
            update.reset();
          }}
          extraHint={keyStatus(agent)}
        />
      )}
      <p className="muted">
        Test connection sends one short prompt to the provider with the settings above, saved or
        not.
      </p>
    </TabForm>
  );
}

function keyStatus(agent: Agent): string {
  if (agent.hasApiKey) {
    return `Leave it empty to keep the stored key (ending in …${agent.apiKeyLast4 ?? ''}).`;
  }
  if (agent.useUserKey) {
    return "None is stored: each user's own key is used (see the API key tab).";
  }
  return 'None is stored yet.';
}
