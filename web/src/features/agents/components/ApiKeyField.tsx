import { Field } from '../../../components/Field.tsx';
import { ENGINES } from '../engines.ts';
import type { Engine } from '../api.ts';

interface Props {
  engine: Engine;
  value: string;
  onChange: (value: string) => void;
  label?: string;
  /** Said after the engine's own hint (e.g. what leaving it empty does). */
  extraHint?: string;
}

/** A write-only key: typed, sent once, never shown again. */
export function ApiKeyField({ engine, value, onChange, label = 'API key', extraHint }: Props) {
  const info = ENGINES[engine];
  return (
    <Field
      label={label}
      type="password"
      autoComplete="off"
      autoCapitalize="off"
      spellCheck={false}
      maxLength={8192}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint={[info.keyHint, extraHint].filter(Boolean).join(' ')}
    />
  );
}
