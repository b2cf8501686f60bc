import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { sessionApi, unwrap } from '../../lib/api.ts';
import { useAccountOptions } from '../../lib/account-options.ts';
import { passwordVerdict } from '../../lib/errors.ts';
import { Notice } from '../../components/Notice.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { PageSpinner } from '../../components/Spinner.tsx';
import { NewPasswordFields, useNewPassword } from '../../components/NewPasswordFields.tsx';
import { AuthCard } from './components/AuthCard.tsx';
import { EmailField } from './components/EmailField.tsx';
import { LinkProblem } from './components/LinkProblem.tsx';
import { useInspectLink, useLinkToken } from './hooks.ts';

const GONE =
  'This reset link was already used or has expired (reset links last one hour). Ask for a new one below.';

/** /reset asks for a reset link; /reset#token=… sets the new password. */
export function ResetPage() {
  const token = useLinkToken();
  return token ? <NewPasswordForm token={token} /> : <RequestForm />;
}

function RequestForm() {
  const { mail } = useAccountOptions();
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: async () =>
      unwrap(await sessionApi.POST('/api/Account/RequestPasswordReset', { body: { email } })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  const title = 'Reset your password';
  if (!mail) {
    return (
      <AuthCard title={title}>
        <p>
          This server does not send email. Ask your AIRisk administrator for a password reset link;
          it works once, within an hour.
        </p>
        <p>
          <Link to="/signin">Back to sign-in</Link>
        </p>
      </AuthCard>
    );
  }
  if (request.isSuccess) {
    return (
      <AuthCard title={title}>
        <Notice kind="success">
          If an account exists for <strong>{email}</strong>, a reset link is on its way. It works
          once, within an hour. No email after a few minutes? Check your spam folder, or ask your
          administrator.
        </Notice>
        <p>
          <Link to="/signin">Back to sign-in</Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={title} intro="Enter your email: we send you a link to choose a new password.">
      <ErrorNotice error={request.error} />
      <form onSubmit={submit} className="stack">
        <EmailField value={email} onValue={setEmail} />
        <SubmitActions label="Send reset link" pendingLabel="Sending…" pending={request.isPending}>
          <Link to="/signin">Back to sign-in</Link>
        </SubmitActions>
      </form>
    </AuthCard>
  );
}

function NewPasswordForm({ token }: { token: string }) {
  const link = useInspectLink('reset', token);
  const newPassword = useNewPassword();
  const { password } = newPassword;
  const reset = useMutation({
    mutationFn: async () =>
      unwrap(await sessionApi.POST('/api/Account/ResetPassword', { body: { token, password } })),
  });
  const title = 'Choose a new password';
  if (link.isError) {
    return (
      <AuthCard title={title}>
        <LinkProblem error={link.error} expired={GONE} />
        <p>
          <Link to="/reset">Ask for a new reset link</Link>
        </p>
      </AuthCard>
    );
  }
  if (link.isPending) {
    return <PageSpinner />;
  }
  if (reset.isSuccess) {
    return (
      <AuthCard title={title}>
        <Notice kind="success">
          Your password is changed, and every session that used the old one is signed out.
        </Notice>
        <p>
          <Link to="/signin">Sign in with the new password</Link>
        </p>
      </AuthCard>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };
  const verdict = passwordVerdict(reset.error);
  return (
    <AuthCard
      title={title}
      intro={
        <>
          For <strong>{link.data.email}</strong>.
        </>
      }
    >
      <ErrorNotice error={verdict ? null : reset.error} byStatus={{ 410: GONE }} />
      <form onSubmit={submit} className="stack">
        <input type="email" autoComplete="username" value={link.data.email ?? ''} readOnly hidden />
        <NewPasswordFields {...newPassword.fields(() => reset.reset())} serverVerdict={verdict} />
        <SubmitActions
          label="Set new password"
          pendingLabel="Saving…"
          pending={reset.isPending}
          disabled={!newPassword.ready}
        />
      </form>
    </AuthCard>
  );
}
