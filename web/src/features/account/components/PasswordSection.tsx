import { useState, type FormEvent } from 'react';
import { passwordVerdict } from '../../../lib/errors.ts';
import { Notice } from '../../../components/Notice.tsx';
import { PasswordField } from '../../../components/PasswordField.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { NewPasswordFields, useNewPassword } from '../../../components/NewPasswordFields.tsx';
import { useChangePassword } from '../api.ts';
import { Section } from './Section.tsx';

export function PasswordSection() {
  const [currentPassword, setCurrentPassword] = useState('');
  const newPassword = useNewPassword();
  const change = useChangePassword();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { currentPassword, newPassword: newPassword.password },
      {
        onSuccess: () => {
          setCurrentPassword('');
          newPassword.clear();
        },
      },
    );
  };
  // A refused new password is about the new one; any other 400 or 401 is the current one.
  const verdict = /current/i.test(passwordVerdict(change.error) ?? '')
    ? undefined
    : passwordVerdict(change.error);
  return (
    <Section title="Password">
      {change.isSuccess && (
        <Notice kind="success">
          Your password is changed. Your other sessions were signed out.
        </Notice>
      )}
      <ErrorNotice
        error={verdict ? null : change.error}
        byStatus={{ 401: 'Your current password is not right. Type it again.' }}
      />
      <form onSubmit={submit} className="stack">
        <PasswordField
          label="Current password"
          value={currentPassword}
          onValue={setCurrentPassword}
        />
        <NewPasswordFields {...newPassword.fields(() => change.reset())} serverVerdict={verdict} />
        <SubmitActions
          label="Change password"
          pendingLabel="Changing…"
          pending={change.isPending}
          disabled={!currentPassword || !newPassword.ready}
        />
      </form>
    </Section>
  );
}
