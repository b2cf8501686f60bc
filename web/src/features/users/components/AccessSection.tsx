import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Notice } from '../../../components/Notice.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { LAST_ADMIN_RULE } from '../last-admin.ts';
import { useDeleteUser, useUpdateUser, type User } from '../api.ts';
import type { DeletedState } from '../deleted-state.ts';
import { Section } from './Section.tsx';

/** Disable or enable the account (UpdateUser `disabled`), or delete it for good. */
export function AccessSection({ user, isSelf }: { user: User; isSelf: boolean }) {
  const update = useUpdateUser(user.id);
  const remove = useDeleteUser(user.id);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const isAdmin = user.roles.includes('CompanyAdmin');

  const deleteUser = async () => {
    await remove.mutateAsync();
    const state: DeletedState = { deleted: user.email };
    await navigate('/admin/users', { state });
  };

  return (
    <Section title="Access">
      {isAdmin && <Notice kind="info">{LAST_ADMIN_RULE}</Notice>}
      {update.isSuccess && (
        <Notice kind="success">
          {user.disabled ? 'The account is disabled.' : 'The account is enabled again.'}
        </Notice>
      )}
      <ErrorNotice error={update.error} />
      {user.disabled ? (
        <p>
          This account is <strong>disabled</strong>: {user.email} cannot sign in, and tokens made
          for them fail. Enable it to let them sign in again.
        </p>
      ) : (
        <p>
          Disabling signs {isSelf ? 'you' : 'them'} out everywhere and stops every token at once.
          The account, its groups and conversations stay, and you can enable it again.
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          disabled={update.isPending}
          onClick={() => update.mutate({ disabled: !user.disabled })}
        >
          {user.disabled ? 'Enable account' : 'Disable account'}
        </button>
        <button type="button" className="button-danger" onClick={() => setConfirming(true)}>
          Delete account
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete ${user.email}?`}
          confirmLabel="Delete account"
          workingLabel="Deleting…"
          onConfirm={deleteUser}
          onClose={() => setConfirming(false)}
        >
          The account goes for good, with {isSelf ? 'your' : 'their'} group memberships,
          conversations and files. To keep those, disable the account instead.
        </ConfirmDialog>
      )}
    </Section>
  );
}
