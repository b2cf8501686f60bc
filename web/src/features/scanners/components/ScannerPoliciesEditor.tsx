import { useId } from 'react';
import type { ScannerPolicies, ScannerPoliciesPatch } from '../api.ts';
import { SCANNER_ORDER, scannerSpec } from '../catalog.ts';
import { withField, withoutField } from '../patch.ts';
import type { PolicyFieldError } from '../policy-error.ts';
import { ScannerFieldset } from './ScannerFieldset.tsx';
import '../scanners.css';

export type { ScannerPolicies, ScannerPoliciesPatch } from '../api.ts';
export { policyFieldError, type PolicyFieldError } from '../policy-error.ts';

/**
 * 'defaults': the company's defaults, `value` holding the changes not saved yet.
 * 'override': an agent's own changes to the company's defaults (`value` is the agent's `scanners`).
 */
export type EditorMode = 'defaults' | 'override';

export interface ScannerPoliciesEditorProps {
  /** The changes: only the fields that differ from `defaults`. */
  value: ScannerPoliciesPatch;
  /** What the changes apply to: the saved company defaults. */
  defaults: ScannerPolicies;
  onChange: (next: ScannerPoliciesPatch) => void;
  mode: EditorMode;
  /** The server's 400 about a scanner's field (policyFieldError of the save's error). */
  error?: PolicyFieldError | undefined;
  /** The level of the two group headings (2 on a page of its own). */
  headingLevel?: 2 | 3;
}

const GROUPS = [
  {
    kind: 'general',
    title: 'General scanners',
    intro: 'Fast checks that run on the server itself.',
  },
  {
    kind: 'ai',
    title: 'AI scanners',
    intro:
      'Each sends the text to a scanner agent you pick, which judges it: slower, and the text goes to that agent’s provider.',
  },
] as const;

/**
 * Every scanner's policy, general ones then AI ones in the order they run. A field set back to
 * the value it changes leaves the patch, so `value` only ever holds real changes.
 */
export function ScannerPoliciesEditor({
  value,
  defaults,
  onChange,
  mode,
  error,
  headingLevel = 2,
}: ScannerPoliciesEditorProps) {
  const idPrefix = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const names = SCANNER_ORDER.filter((name) => name in defaults);
  return (
    <div className="scanner-editor">
      {GROUPS.map((group) => (
        <section
          key={group.kind}
          className="scanner-group"
          aria-labelledby={`${idPrefix}-${group.kind}`}
        >
          <Heading id={`${idPrefix}-${group.kind}`}>{group.title}</Heading>
          <p className="muted">{group.intro}</p>
          {names
            .filter((name) => scannerSpec(name).kind === group.kind)
            .map((name) => (
              <ScannerFieldset
                key={name}
                name={name}
                patch={value}
                defaults={defaults}
                mode={mode}
                set={(key, next) => onChange(withField(value, defaults, name, key, next))}
                reset={(key) => onChange(withoutField(value, name, key))}
                error={error?.scanner === name ? error : undefined}
              />
            ))}
        </section>
      ))}
    </div>
  );
}
