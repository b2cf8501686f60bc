import type { FormEvent, ReactNode } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';

interface Props {
  /** Names the form (the tab's part of the agent). */
  label: string;
  onSubmit: () => void;
  /** The save's state: running, done ("Saved"), or its error. */
  saving: { isPending: boolean; isSuccess: boolean; error: unknown };
  saveLabel?: string;
  /** Secondary actions beside Save. */
  actions?: ReactNode;
  /** Under the actions (what a secondary action reports). */
  footer?: ReactNode;
  children: ReactNode;
}

/** One tab's form: its fields, then Save; says "Saved." or what went wrong. */
export function TabForm({
  label,
  onSubmit,
  saving,
  saveLabel = 'Save',
  actions,
  footer,
  children,
}: Props) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} className="card stack" aria-label={label}>
      {children}
      <ErrorNotice error={saving.error} />
      {saving.isSuccess && <Notice kind="success">Saved.</Notice>}
      <SubmitActions label={saveLabel} pendingLabel="Saving…" pending={saving.isPending}>
        {actions}
      </SubmitActions>
      {footer}
    </form>
  );
}
