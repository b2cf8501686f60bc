import { useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { Field } from '../../../components/Field.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { TextAreaField } from '../../../components/TextAreaField.tsx';
import type { DraftErrors } from '../api-draft.ts';

/** What a page gives a custom API's or database's form. */
export interface ToolFormProps<Input> {
  /** Names the form. */
  label: string;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** The server's answer to the last save. */
  error: unknown;
  onSubmit: (input: Input) => void;
  /** Any change (the page forgets its last "Saved."). */
  onEdit?: () => void;
  /** Under the form's error (a success notice), and beside Save (Cancel). */
  notice?: ReactNode;
  actions?: ReactNode;
}

/** What useToolDraft hands ToolForm: the form, its submit, and how many problems it shows. */
interface ToolFormFrame {
  form: RefObject<HTMLFormElement | null>;
  submit: (event: FormEvent) => void;
  problems: number;
}

/**
 * The draft a tool's form edits. Problems are shown by their fields once Save was pressed, the
 * first one focused; only a draft without any is submitted (the server checks it all again).
 */
export function useToolDraft<Draft, Input>(
  initial: Draft,
  errorsOf: (draft: Draft) => DraftErrors,
  inputOf: (draft: Draft) => Input,
  { onSubmit, onEdit }: Pick<ToolFormProps<Input>, 'onSubmit' | 'onEdit'>,
) {
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const errors = tried ? errorsOf(draft) : {};
  const edit = (changes: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...changes }));
    onEdit?.();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(errorsOf(draft)).length > 0) {
      // After the render that marks them.
      requestAnimationFrame(() =>
        form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    onSubmit(inputOf(draft));
  };
  const frame: ToolFormFrame = { form, submit, problems: Object.keys(errors).length };
  return { draft, edit, errors, frame };
}

type ToolFormFrameProps = Omit<ToolFormProps<never>, 'onSubmit' | 'onEdit'> & {
  frame: ToolFormFrame;
  children: ReactNode;
};

/** A tool's form around its sections: how many fields need attention, the save's error, Save. */
export function ToolForm({
  frame: { form, submit, problems },
  label,
  submitLabel,
  pendingLabel,
  pending,
  error,
  notice,
  actions,
  children,
}: ToolFormFrameProps) {
  return (
    <form ref={form} onSubmit={submit} noValidate className="stack tool-form" aria-label={label}>
      {children}
      {problems > 0 && (
        <Notice kind="error">
          {problems === 1 ? 'One field needs' : `${problems} fields need`} your attention: see the
          marked {problems === 1 ? 'field' : 'fields'} above.
        </Notice>
      )}
      <ErrorNotice error={error} />
      {notice}
      <SubmitActions label={submitLabel} pendingLabel={pendingLabel} pending={pending}>
        {actions}
      </SubmitActions>
    </form>
  );
}

interface NameAndDescriptionProps {
  draft: { name: string; description: string };
  errors: DraftErrors;
  edit: (changes: { name?: string; description?: string }) => void;
  nameHint: string;
  descriptionHint: string;
}

/** The name and the description for the model every custom tool begins with. */
export function NameAndDescription({
  draft,
  errors,
  edit,
  nameHint,
  descriptionHint,
}: NameAndDescriptionProps) {
  return (
    <>
      <Field
        label="Name"
        required
        maxLength={64}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="off"
        className="mono"
        value={draft.name}
        error={errors.name}
        onChange={(event) => edit({ name: event.target.value })}
        hint={nameHint}
      />
      <TextAreaField
        label="Description for the model"
        rows={3}
        maxLength={2000}
        value={draft.description}
        error={errors.description}
        onChange={(event) => edit({ description: event.target.value })}
        hint={descriptionHint}
      />
    </>
  );
}
