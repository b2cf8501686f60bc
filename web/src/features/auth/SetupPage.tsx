import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { sessionApi, unwrap } from '../../lib/api.ts';
import { passwordVerdict } from '../../lib/errors.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { NewPasswordFields, useNewPassword } from '../../components/NewPasswordFields.tsx';
import { AuthCard } from './components/AuthCard.tsx';
import { EmailField } from './components/EmailField.tsx';
import { CheckedLink } from './components/CheckedLink.tsx';
import { useFinishSignIn, useInspectLink, useLinkToken } from './hooks.ts';

const USED =
  'This set-up link was already used or has expired: AIRisk may already have an administrator. Sign in, or restart the server on the empty database for a new link.';

/** /setup#token=…: the first run's one-time link creates the first CompanyAdmin. */
export function SetupPage() {
  const token = useLinkToken();
  const link = useInspectLink('setup', token);
  const finish = useFinishSignIn();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const newPassword = useNewPassword();
  const { password } = newPassword;

  const setup = useMutation({
    mutationFn: async () =>
      unwrap(
        await sessionApi.POST('/api/Account/Setup', {
          body: { token: token ?? '', email, name, password },
        }),
      ),
    onSuccess: (answer) => finish(answer),
  });

  const title = 'Create the first administrator';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate();
  };
  const verdict = passwordVerdict(setup.error);
  return (
    <CheckedLink title={title} token={token} link={link} expired={USED}>
      {() => (
        <AuthCard
          title={title}
          intro="This account manages AIRisk: it invites people and sets up agents. You can invite more administrators later."
        >
          <ErrorNotice error={verdict ? null : setup.error} byStatus={{ 410: USED }} />
          <form onSubmit={submit} className="stack">
            <Field
              label="Your name"
              autoComplete="name"
              required
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <EmailField value={email} onValue={setEmail} />
            <NewPasswordFields
              label="Password"
              {...newPassword.fields(() => setup.reset())}
              serverVerdict={verdict}
            />
            <SubmitActions
              label="Create administrator"
              pendingLabel="Creating…"
              pending={setup.isPending}
              disabled={!newPassword.ready}
            />
          </form>
        </AuthCard>
      )}
    </CheckedLink>
  );
}
