import { useId, useState, type FormEvent } from 'react';
import { ApiError, useSession } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ROLES, type Role } from '../../lib/roles.ts';
import { useCreateResetLink, useInviteUser } from './api.ts';

/** /admin/users/invite: a CompanyAdmin invites someone by email, or copies the link to send. */
export function InvitePeoplePage() {
  useDocumentTitle('Invite people');
  const { user } = useSession();
  if (!user.roles.includes('CompanyAdmin')) {
    return (
      <div className="page">
        <h1>Invite people</h1>
        <Notice kind="info">
          Only a company administrator can invite people. Ask one of your administrators to invite
          the person.
        </Notice>
      </div>
    );
  }
  return <InviteForm />;
}

function InviteForm() {
  const invite = useInviteUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('User');
  const roleId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(
      { email: email.trim(), ...(name.trim() ? { name: name.trim() } : {}), roles: [role] },
      {
        onSuccess: () => {
          setEmail('');
          setName('');
          setRole('User');
        },
      },
    );
  };
  const result = invite.data;
  return (
    <div className="page">
      <h1>Invite people</h1>
      <p className="lead">
        The person gets a one-time link to choose a password. It works for 7 days; inviting the same
        email again sends a fresh link.
      </p>
      {result && (
        <div className="card result" aria-live="polite">
          {result.invitation.emailed ? (
            <Notice kind="success">
              Invitation sent to <strong>{result.user.email}</strong>. The link works until{' '}
              {formatDateTime(result.invitation.expiresAt)}.
            </Notice>
          ) : (
            <>
              <Notice kind="success">
                <strong>{result.user.email}</strong> is invited. This server sends no email: send
                them this link yourself. It works once, until{' '}
                {formatDateTime(result.invitation.expiresAt)}.
              </Notice>
              {result.invitation.link && (
                <LinkToSend label="Invitation link" link={result.invitation.link} />
              )}
            </>
          )}
        </div>
      )}
      <ErrorNotice
        error={invite.error}
        byStatus={{
          409: 'This person already has an account and can sign in. If they forgot their password, give them a reset link:',
          403: 'Only a company administrator can invite people.',
        }}
      />
      {invite.error instanceof ApiError && invite.error.status === 409 && invite.variables && (
        <ResetLink email={invite.variables.email} />
      )}
      <form onSubmit={submit} className="card stack">
        <Field
          label="Email"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Field
          label="Name (optional)"
          autoComplete="off"
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.target.value)}
          hint="They can change it when they accept."
        />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select
            id={roleId}
            aria-describedby={`${roleId}-hint`}
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
          >
            {ROLES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <div className="field-hint" id={`${roleId}-hint`}>
            {ROLES.find((option) => option.value === role)?.hint}
          </div>
        </div>
        <SubmitActions label="Invite" pendingLabel="Inviting…" pending={invite.isPending} />
      </form>
    </div>
  );
}

/** For a person who already has an account: a reset link, mailed or shown to pass on. */
function ResetLink({ email }: { email: string }) {
  const reset = useCreateResetLink();
  if (reset.data) {
    return (
      <div className="card result" aria-live="polite">
        <Notice kind="success">
          {reset.data.emailed
            ? `A password reset link was mailed to ${email}.`
            : `Send ${email} this link yourself: it works once, until ${formatDateTime(reset.data.expiresAt)}.`}
        </Notice>
        {!reset.data.emailed && <LinkToSend label="Password reset link" link={reset.data.link} />}
      </div>
    );
  }
  return (
    <>
      <ErrorNotice error={reset.error} />
      <div className="actions">
        <button type="button" disabled={reset.isPending} onClick={() => reset.mutate(email)}>
          {reset.isPending ? 'Creating…' : `Create a password reset link for ${email}`}
        </button>
      </div>
    </>
  );
}

function LinkToSend({ label, link }: { label: string; link: string }) {
  return (
    <div className="copy-row">
      <Field label={label} readOnly value={link} onFocus={(event) => event.target.select()} />
      <CopyButton text={link} label="Copy link" />
    </div>
  );
}
