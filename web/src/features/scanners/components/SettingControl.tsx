import type { ReactNode } from 'react';
import type { SettingInput } from '../catalog-types.ts';
import type { ScannerPolicies } from '../api.ts';
import { CheckboxGroup, NumberControl, SelectControl, TextAreaControl } from './controls.tsx';
import { LinesControl } from './LinesControl.tsx';
import { AgentControl } from './AgentControl.tsx';
import { PatternsControl } from './PatternsControl.tsx';
import { TopicsControl } from './TopicsControl.tsx';
import { Field } from '../../../components/Field.tsx';

interface Props {
  label: string;
  hint?: string | undefined;
  input: SettingInput;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: { message: string; index?: number | undefined } | undefined;
  note?: ReactNode;
}

type Patterns = ScannerPolicies['regex']['settings']['patterns'];
type Topics = ScannerPolicies['topic']['settings']['bannedTopics'];

/** One scanner setting, edited with the input its catalog entry names. */
export function SettingControl({ label, hint, input, value, onChange, error, note }: Props) {
  const common = { label, hint, note, error: error?.message };
  switch (input.kind) {
    case 'lines':
      return (
        <LinesControl
          {...common}
          value={value as string[]}
          onChange={onChange}
          letterCase={input.letterCase}
          names={input.names}
        />
      );
    case 'choices':
      return (
        <CheckboxGroup
          {...common}
          options={input.options}
          value={value as string[]}
          onChange={onChange}
        />
      );
    case 'toggles': {
      const toggles = value as Record<string, boolean>;
      const on = Object.keys(input.options).filter((kind) => toggles[kind]);
      const toToggles = (kinds: readonly string[]) =>
        Object.fromEntries(Object.keys(input.options).map((kind) => [kind, kinds.includes(kind)]));
      return (
        <CheckboxGroup
          {...common}
          options={input.options}
          value={on}
          onChange={(kinds) => onChange(toToggles(kinds))}
        />
      );
    }
    case 'select':
      return (
        <SelectControl
          {...common}
          options={input.options}
          value={value as string}
          onChange={onChange}
        />
      );
    case 'number':
      return (
        <NumberControl
          {...common}
          min={input.min}
          max={input.max}
          value={value as number}
          onChange={onChange}
        />
      );
    case 'text':
      return (
        <div>
          <Field
            label={label}
            hint={hint}
            error={error?.message}
            maxLength={input.maxLength}
            autoCapitalize="off"
            spellCheck={false}
            value={value as string}
            onChange={(event) =>
              onChange(
                input.letterCase === 'upper'
                  ? event.target.value.toUpperCase()
                  : event.target.value,
              )
            }
          />
          {note}
        </div>
      );
    case 'longText':
      return (
        <TextAreaControl
          {...common}
          maxLength={input.maxLength}
          value={value as string}
          onChange={onChange}
        />
      );
    case 'agent':
      return <AgentControl {...common} value={value as string} onChange={onChange} />;
    case 'patterns':
      return (
        <PatternsControl
          label={label}
          value={value as Patterns}
          onChange={onChange}
          error={error}
          note={note}
        />
      );
    case 'topics':
      return (
        <TopicsControl
          label={label}
          hint={hint}
          value={value as Topics}
          onChange={onChange}
          error={error}
          note={note}
        />
      );
  }
}
