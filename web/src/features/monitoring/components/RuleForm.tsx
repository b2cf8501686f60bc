import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { SEVERITIES, type NewRule } from '../api.ts';
import { draftProblem, ruleBodyOf, type RuleDraft } from '../rule-draft.ts';
import { RULE_KINDS } from '../rule-words.ts';
import { FORBIDDEN } from '../states.ts';
import { CountFields } from './CountFields.tsx';
import { ErrorRateFields } from './ErrorRateFields.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { SpendFields } from './SpendFields.tsx';

const SEVERITY_OPTIONS = SEVERITIES.map((option) => [option.value, option.label] as const);

/** A rule's name, severity and what it watches (any of the API's kinds); new or changed. */
export function RuleForm({
  initial,
  label,
  heading,
  submitLabel,
  pendingLabel,
  pending,
  error,
  onSubmit,
  onEdit,
  children,
}: {
  initial: RuleDraft;
  /** The form's accessible name; `heading`, when given, is shown as its title too. */
  label: string;
  heading?: string;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: NewRule) => void;
  /** Any change to the draft (to clear an earlier outcome). */
  onEdit?: () => void;
  /** Shown above the actions (e.g. a saved notice). */
  children?: ReactNode;
}) {
  const [draft, setDraft] = useState(initial);
  const [problem, setProblem] = useState<string>();
  const kindName = useId();
  const set = (changes: Partial<RuleDraft>) => {
    setDraft((current) => ({ ...current, ...changes }));
    setProblem(undefined);
    onEdit?.();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = draftProblem(draft);
    setProblem(found);
    if (!found) {
      onSubmit(ruleBodyOf(draft));
    }
  };

  return (
    <form className="card rule-form" aria-label={label} onSubmit={submit}>
      {heading && <h2>{heading}</h2>}
      <div className="field-row">
        <Field
          label="Rule name"
          required
          maxLength={200}
          autoComplete="off"
          value={draft.name}
          onChange={(event) => set({ name: event.target.value })}
          hint="It starts the title of each issue the rule opens."
        />
        <SelectField
          label="Severity"
          value={draft.severity}
          options={SEVERITY_OPTIONS}
          onChange={(severity) => set({ severity })}
        />
      </div>
      <fieldset className="rule-kinds">
        <legend>What the rule watches</legend>
        <ul className="choice-list">
          {RULE_KINDS.map((kind) => (
            <li key={kind.value}>
              <label>
                <input
                  type="radio"
                  name={`${kindName}-kind`}
                  value={kind.value}
                  checked={draft.kind === kind.value}
                  aria-describedby={`${kindName}-${kind.value}`}
                  onChange={() => set({ kind: kind.value })}
                />
                <strong>{kind.label}</strong>
              </label>
              <span className="muted choice-hint" id={`${kindName}-${kind.value}`}>
                {kind.hint}
              </span>
            </li>
          ))}
        </ul>
      </fieldset>
      {draft.kind === 'count' && (
        <CountFields count={draft.count} onChange={(count) => set({ count })} />
      )}
      {draft.kind === 'spend' && (
        <SpendFields spend={draft.spend} onChange={(spend) => set({ spend })} />
      )}
      {draft.kind === 'error_rate' && (
        <ErrorRateFields errorRate={draft.errorRate} onChange={(errorRate) => set({ errorRate })} />
      )}
      <label className="checkbox-line">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(event) => set({ enabled: event.target.checked })}
        />
        Enabled: evaluate the rule on new activity
      </label>
      {problem && <Notice kind="error">{problem}</Notice>}
      <ErrorNotice
        error={error}
        byStatus={{
          ...FORBIDDEN,
          404: 'This rule was deleted meanwhile. Go back to the rules and create it again.',
        }}
      />
      {children}
      <SubmitActions
        label={submitLabel}
        pendingLabel={pendingLabel}
        pending={pending}
        className="button"
      />
    </form>
  );
}
