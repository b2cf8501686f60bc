import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { sessionApi, unwrap } from '../../lib/api.ts';
import { passwordVerdict } from '../../lib/errors.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { NewPasswordFields, useNewPassword } from '../../components/NewPasswordFields.tsx';
import { AuthCard } from './components/AuthCard.tsx';
import { CheckedLink } from './components/CheckedLink.tsx';
import { useFinishSignIn, useInspectLink, useLinkToken } from './hooks.ts';

const GONE =
  'This invitation was already used or has expired (invitations last 7 days). If you set your password already, sign in; otherwise ask your administrator to invite you again.';

/** /invite#token=…: an invited person chooses a name and a password, and is signed in. */
export function InvitePage() {
  const token = useLinkToken();
  const link = useInspectLink('invitation', token);
  const finish = useFinishSignIn();
  const [name, setName] = useState('');
  const newPassword = useNewPassword();
  const { password } = newPassword;

  const accept = useMutation({
    mutationFn: async () =>
      unwrap(
        await sessionApi.POST('/api/Account/AcceptInvitation', {
          body: { token: token ?? '', password, ...(name.trim() ? { name: name.trim() } : {}) },
        }),
      ),
    onSuccess: (answer) => finish(answer),
  });

  const title = 'Join AIRisk';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate();
  };
  const verdict = passwordVerdict(accept.error);
  return (
    <CheckedLink title={title} token={token} link={link} expired={GONE}>
      {(data) => {
        const email = data.email ?? '';
        return (
          <AuthCard
            title={title}
            intro={
              <>
                You were invited as <strong>{email}</strong>. Choose a password to finish; you will
                be signed in.
              </>
            }
          >
            <ErrorNotice error={verdict ? null : accept.error} byStatus={{ 410: GONE }} />
            <form onSubmit={submit} className="stack">
              <Field label="Email" type="email" autoComplete="username" readOnly value={email} />
              <Field
                label="Your name (optional)"
                autoComplete="name"
                maxLength={200}
                value={name}
                onChange={(event) => setName(event.target.value)}
                hint="Leave it empty to keep the name your administrator entered."
              />
              <NewPasswordFields
                label="Password"
                {...newPassword.fields(() => accept.reset())}
                serverVerdict={verdict}
              />
              <SubmitActions
                label="Set password and join"
                pendingLabel="Joining…"
                pending={accept.isPending}
                disabled={!newPassword.ready}
              />
            </form>
          </AuthCard>
        );
      }}
    </CheckedLink>
  );
}
