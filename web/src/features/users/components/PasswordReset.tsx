import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useCreateResetLink, type User } from '../api.ts';
import { Section } from './Section.tsx';

/** POST /api/Users/CreatePasswordResetLink: a one-time link, mailed and shown to pass on. */
export function PasswordReset({ user }: { user: User }) {
  const reset = useCreateResetLink(user.id);
  return (
    <Section title="Password">
      <p>
        A forgotten password? Create a one-time link for {user.email} to choose a new one. It works
        for an hour.
      </p>
      {reset.data && (
        <div className="result" aria-live="polite">
          <Notice kind="success">
            {reset.data.emailed
              ? `The link was mailed to ${user.email}; you can also pass it on yourself.`
              : `This server sends no email: send ${user.email} this link yourself.`}{' '}
            It works once, until {formatDateTime(reset.data.expiresAt)}.
          </Notice>
          <div className="copy-row">
            <Field
              label="Password reset link"
              readOnly
              value={reset.data.link}
              onFocus={(event) => event.target.select()}
            />
            <CopyButton text={reset.data.link} label="Copy link" />
          </div>
        </div>
      )}
      <ErrorNotice error={reset.error} />
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          disabled={reset.isPending}
          onClick={() => reset.mutate()}
        >
          {reset.isPending ? 'Creating…' : 'Create password reset link'}
        </button>
      </div>
    </Section>
  );
}
