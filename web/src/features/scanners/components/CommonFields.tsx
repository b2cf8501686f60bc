import type { ReactNode } from 'react';
import type { OnError, ScanAction, ScanDirection, ScannerPolicy } from '../api.ts';
import type { CommonField } from '../patch.ts';
import { ACTION_LABELS, DIRECTION_LABELS, ON_ERROR_LABELS } from '../options.ts';
import { CheckboxControl, CheckboxGroup, NumberControl, SelectControl } from './controls.tsx';

export const MAX_TIMEOUT_MS = 60_000;

interface Props {
  policy: ScannerPolicy;
  /** The actions this scanner accepts. */
  actions: readonly ScanAction[];
  set: (field: CommonField, value: unknown) => void;
  /** The note under a field (what it replaces), when it is changed. */
  note: (field: CommonField, label: string) => ReactNode;
  error: (field: CommonField) => string | undefined;
}

/** The fields every scanner has: on/off, action, threshold, directions, failure and time limit. */
export function CommonFields({ policy, actions, set, note, error }: Props) {
  const field = <K extends CommonField>(key: K, label: string) => ({
    label,
    value: policy[key],
    onChange: (value: ScannerPolicy[K]) => set(key, value),
    note: note(key, label),
    error: error(key),
  });
  const actionOptions = Object.fromEntries(
    actions.map((action) => [action, ACTION_LABELS[action]]),
  );
  return (
    <>
      <CheckboxControl {...field('enabled', 'Enabled')} />
      <div className="form-grid">
        <SelectControl<ScanAction>
          {...field('action', 'On a detection')}
          options={actionOptions}
          hint={actions.length === 1 ? 'The only action this scanner has.' : undefined}
        />
        <NumberControl
          {...field('threshold', 'Threshold')}
          min={0}
          max={1}
          step={0.01}
          hint="0 to 1: a detection scoring at least this counts."
        />
        <SelectControl<OnError>
          {...field('onError', 'When it fails or times out')}
          options={ON_ERROR_LABELS}
        />
        <NumberControl
          {...field('timeoutMs', 'Time limit (ms)')}
          min={1}
          max={MAX_TIMEOUT_MS}
          hint={`At most ${MAX_TIMEOUT_MS / 1000} seconds.`}
        />
      </div>
      <CheckboxGroup<ScanDirection>
        {...field('directions', 'Scans')}
        options={DIRECTION_LABELS}
        hint={policy.directions.length === 0 ? 'None: the scanner never runs.' : undefined}
      />
    </>
  );
}
