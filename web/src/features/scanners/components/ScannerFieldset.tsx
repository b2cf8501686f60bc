import { useEffect, useState } from 'react';
import type { ScanAction, ScannerName, ScannerPolicies, ScannerPoliciesPatch } from '../api.ts';
import { scannerSpec } from '../catalog.ts';
import { describeCommon, describeSetting } from '../describe.ts';
import { effectivePolicy, isSet, scannerChanged, valueIn, type FieldKey } from '../patch.ts';
import type { PolicyFieldError } from '../policy-error.ts';
import { useAgentNames } from './AgentControl.tsx';
import { ChangeNote } from './ChangeNote.tsx';
import { CommonFields } from './CommonFields.tsx';
import { SettingControl } from './SettingControl.tsx';
import type { EditorMode } from './ScannerPoliciesEditor.tsx';

const ACTION_WORDS: Record<ScanAction, string> = {
  block: 'blocks',
  redact: 'redacts',
  flag: 'flags',
};

interface Props {
  name: ScannerName;
  patch: ScannerPoliciesPatch;
  defaults: ScannerPolicies;
  mode: EditorMode;
  set: (key: FieldKey, value: unknown) => void;
  reset: (key: FieldKey) => void;
  /** The server's 400 when it is about this scanner. */
  error: PolicyFieldError | undefined;
}

/**
 * One scanner's policy: a disclosure whose summary says its state, holding the common fields and
 * the scanner's own settings (as its catalog entry describes them).
 */
export function ScannerFieldset({ name, patch, defaults, mode, set, reset, error }: Props) {
  const spec = scannerSpec(name);
  const policy = effectivePolicy(defaults, patch, name);
  const base = defaults[name];
  const agentName = useAgentNames();
  const [open, setOpen] = useState(false);
  // A server error about this scanner opens it, so the field it names can be seen.
  useEffect(() => {
    if (error) {
      setOpen(true);
    }
  }, [error]);

  const note = (key: FieldKey, label: string, was: string) =>
    isSet(patch, name, key) ? (
      <ChangeNote
        mode={mode}
        field={`${spec.label}: ${label}`}
        was={was}
        onReset={() => reset(key)}
      />
    ) : undefined;
  const errorOf = (key: FieldKey) => (error?.key === key ? error.message : undefined);
  const changed = scannerChanged(patch, name);
  const id = `scanner-${name}`;

  return (
    <details
      className="scanner"
      id={id}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>
        <span className="scanner-name">{spec.label}</span>
        <span className="scanner-state">
          {policy.enabled ? `On · ${ACTION_WORDS[policy.action]}` : 'Off'}
          {changed && (
            <span className="badge">{mode === 'override' ? 'Overridden' : 'Changed'}</span>
          )}
          {error && <span className="badge badge-error">Error</span>}
        </span>
      </summary>
      <fieldset className="scanner-fields">
        <legend className="visually-hidden">{spec.label}</legend>
        <p className="muted">{spec.about}</p>
        {error && !error.key && (
          <p className="field-error" role="alert">
            {error.message}
          </p>
        )}
        <CommonFields
          policy={policy}
          actions={spec.actions}
          set={set}
          note={(field, label) => note(field, label, describeCommon(field, base[field]))}
          error={errorOf}
        />
        {spec.settings.length > 0 && <h3 className="scanner-settings-title">Settings</h3>}
        {spec.settings.map((setting) => {
          const key: FieldKey = `settings.${setting.key}`;
          return (
            <SettingControl
              key={setting.key}
              label={setting.label}
              hint={setting.hint}
              input={setting.input}
              value={valueIn(policy, key)}
              onChange={(value) => set(key, value)}
              error={
                error?.key === key ? { message: error.message, index: error.index } : undefined
              }
              note={note(
                key,
                setting.label,
                describeSetting(setting.input, valueIn(base, key), agentName),
              )}
            />
          );
        })}
      </fieldset>
    </details>
  );
}
