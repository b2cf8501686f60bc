import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { useInviteUser, type InviteInput } from './api.ts';

type Role = NonNullable<InviteInput['roles']>[number];

const ROLES: { value: Role; label: string; hint: string }[] = [
  { value: 'User', label: 'User', hint: 'Chats with the agents assigned to them.' },
  {
    value: 'CompanyAdmin',
    label: 'Company administrator',
    hint: 'Invites people and manages agents, groups and settings.',
  },
  { value: 'Monitor', label: 'Monitor', hint: 'Reads usage and logs.' },
  { value: 'Compliance', label: 'Compliance', hint: 'Reviews conversations and scanner findings.' },
];

/** /invite-people: a CompanyAdmin invites someone by email, or copies the link to send. */
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
              {result.invitation.link && <InvitationLink link={result.invitation.link} />}
            </>
          )}
        </div>
      )}
      <ErrorNotice
        error={invite.error}
        byStatus={{
          409: 'This person already has an active account: they can sign in. If they forgot their password, they can reset it from the sign-in page.',
          403: 'Only a company administrator can invite people.',
        }}
      />
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

function InvitationLink({ link }: { link: string }) {
  return (
    <div className="copy-row">
      <Field
        label="Invitation link"
        readOnly
        value={link}
        onFocus={(event) => event.target.select()}
      />
      <CopyButton text={link} label="Copy link" />
    </div>
  );
}
