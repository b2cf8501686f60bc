import { useState, type FormEvent } from 'react';
import { ApiError, useSession } from '../../../lib/api.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { useSendTestMail } from '../api.ts';

/** Sends a test message through the mail server that applies now (saved settings). */
export function TestMailForm({ configured }: { configured: boolean }) {
  const { user } = useSession();
  const send = useSendTestMail();
  const [to, setTo] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(to.trim());
  };
  // The mail server's own reason (502) says what to fix; errorMessage would hide it.
  const byStatus: { [status: number]: string } = {
    409: 'No mail server is configured: fill in the settings above and save them first.',
  };
  if (send.error instanceof ApiError && send.error.status === 502) {
    byStatus[502] = `The mail server did not take the message: ${send.error.message}`;
  }
  return (
    <form onSubmit={submit} className="stack test-mail">
      <h3>Send a test mail</h3>
      {send.data && <Notice kind="success">Sent to {send.data.to}. Check that it arrived.</Notice>}
      <ErrorNotice error={send.error} byStatus={byStatus} />
      <Field
        label="Send to (optional)"
        type="email"
        autoComplete="off"
        maxLength={254}
        placeholder={user.email}
        value={to}
        onChange={(event) => {
          setTo(event.target.value);
          send.reset();
        }}
        hint={
          configured
            ? `Empty: to your own address, ${user.email}. Uses the saved settings.`
            : 'No mail server is configured yet: save one above first.'
        }
      />
      <SubmitActions
        label="Send test mail"
        pendingLabel="Sending…"
        pending={send.isPending}
        className="button-secondary"
      />
    </form>
  );
}
