import { useId } from 'react';
import { Field } from '../../../components/Field.tsx';
import { ENGINE_NAMES, ENGINES, type EngineSettings } from '../engines.ts';
import type { Engine } from '../api.ts';

interface Props {
  value: EngineSettings;
  onChange: (next: EngineSettings) => void;
}

/** The engine select, then the fields that engine needs, labelled the way its provider says. */
export function EngineFields({ value, onChange }: Props) {
  const engineId = useId();
  const info = ENGINES[value.engine];
  const set = (changes: Partial<EngineSettings>) => onChange({ ...value, ...changes });
  const endpointField = (
    <Field
      label={info.endpointLabel}
      type="url"
      inputMode="url"
      autoCapitalize="off"
      spellCheck={false}
      required={info.endpoint === 'required'}
      maxLength={2000}
      value={value.endpoint}
      onChange={(event) => set({ endpoint: event.target.value })}
      hint={info.endpointHint}
    />
  );
  return (
    <>
      <div className="field">
        <label htmlFor={engineId}>Engine</label>
        <select
          id={engineId}
          value={value.engine}
          onChange={(event) => set({ engine: event.target.value as Engine })}
        >
          {ENGINE_NAMES.map((engine) => (
            <option key={engine} value={engine}>
              {ENGINES[engine].label}
            </option>
          ))}
        </select>
      </div>
      {value.engine === 'demo' ? (
        <p className="muted">
          The demo engine answers without any AI provider: it needs no model, endpoint or key.
        </p>
      ) : (
        <div className="form-grid">
          {info.endpoint === 'required' && endpointField}
          {info.region && (
            <Field
              label="Region"
              required
              autoCapitalize="off"
              spellCheck={false}
              maxLength={40}
              pattern="[a-z]{2}(-[a-z]+)+-\d"
              value={value.region}
              onChange={(event) => set({ region: event.target.value })}
              hint="The AWS region, e.g. us-east-1."
            />
          )}
          <Field
            label={info.modelLabel}
            required
            autoCapitalize="off"
            spellCheck={false}
            maxLength={200}
            value={value.model}
            onChange={(event) => set({ model: event.target.value })}
            hint={
              value.engine === 'azure-openai'
                ? 'The name of your deployment in the Azure portal.'
                : `e.g. ${info.modelExample}`
            }
          />
          {info.endpoint === 'optional' && endpointField}
        </div>
      )}
    </>
  );
}
