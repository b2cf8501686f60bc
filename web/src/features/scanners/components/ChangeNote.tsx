import type { EditorMode } from './ScannerPoliciesEditor.tsx';

/**
 * Under a field the patch sets: what it replaces and how to go back to it. In 'override' mode
 * that is the company default; in 'defaults' mode, the value saved before this edit.
 */
export function ChangeNote({
  mode,
  field,
  was,
  onReset,
}: {
  mode: EditorMode;
  /** The field's label, so that each button says what it resets. */
  field: string;
  was: string;
  onReset: () => void;
}) {
  return (
    <div className="change-note">
      <span>
        {mode === 'override' ? 'Overrides the default: ' : 'Changed; saved value: '}
        <span className="change-note-value">{was}</span>
      </span>
      <button type="button" className="button-quiet button-small" onClick={onReset}>
        {mode === 'override' ? 'Use default' : 'Undo'}
        <span className="visually-hidden"> for {field}</span>
      </button>
    </div>
  );
}
