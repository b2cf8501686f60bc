import { useEffect, useId, useState } from 'react';
import { sameValue } from '../patch.ts';
import { Help, inputProps, type ControlProps } from './controls.tsx';

/** The lines of a textarea: trimmed, blank ones left out. */
export function linesOf(text: string, letterCase?: 'upper' | 'lower'): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .map((line) =>
      letterCase === 'upper'
        ? line.toUpperCase()
        : letterCase === 'lower'
          ? line.toLowerCase()
          : line,
    )
    .filter((line) => line !== '');
}

/** "France, Germany" for FR and DE (codes the browser does not know stay as they are). */
function namesOf(codes: readonly string[], type: 'region' | 'language'): string {
  let names: Intl.DisplayNames;
  try {
    names = new Intl.DisplayNames(['en'], { type });
  } catch {
    return codes.join(', ');
  }
  return codes
    .map((code) => {
      try {
        return names.of(code) ?? code;
      } catch {
        return code;
      }
    })
    .join(', ');
}

/**
 * A list of strings as a textarea, one per line. The text is kept as typed (a new empty line
 * stays) and the list is reported as it changes.
 */
export function LinesControl({
  label,
  value,
  onChange,
  letterCase,
  names,
  hint,
  error,
  note,
}: ControlProps<string[]> & {
  letterCase?: 'upper' | 'lower' | undefined;
  names?: 'region' | 'language' | undefined;
}) {
  const id = useId();
  const [text, setText] = useState(value.join('\n'));
  // A change from outside (saved, "Use default") replaces the text; the person's own does not.
  useEffect(() => {
    setText((current) =>
      sameValue(linesOf(current, letterCase), value) ? current : value.join('\n'),
    );
  }, [value, letterCase]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        {...inputProps(id, hint, error)}
        rows={Math.min(8, Math.max(3, value.length + 1))}
        spellCheck={false}
        autoCapitalize="off"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          const next = linesOf(event.target.value, letterCase);
          if (!sameValue(next, value)) {
            onChange(next);
          }
        }}
      />
      {names && value.length > 0 && (
        <div className="field-hint" aria-live="polite">
          {namesOf(value, names)}
        </div>
      )}
      <Help id={id} hint={hint} error={error} note={note} />
    </div>
  );
}
