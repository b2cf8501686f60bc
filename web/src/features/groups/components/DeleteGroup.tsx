import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { Section } from '../../users/components/Section.tsx';
import type { DeletedState } from '../../users/deleted-state.ts';
import { useDeleteGroup, type GroupDetail } from '../api.ts';

/** DELETE /api/Groups/DeleteGroup/{groupId}, confirmed first: its members stay. */
export function DeleteGroup({ group }: { group: GroupDetail }) {
  const remove = useDeleteGroup(group.id);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const members = group.members.length;
  const deleteGroup = async () => {
    await remove.mutateAsync();
    const state: DeletedState = { deleted: group.name };
    await navigate('/admin/groups', { state });
  };
  return (
    <Section title="Delete the group">
      <p>
        Its users stay, with their own agents; they lose the agents given to them through this
        group.
      </p>
      <div className="actions">
        <button type="button" className="button-danger" onClick={() => setConfirming(true)}>
          Delete group
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete the group ${group.name}?`}
          confirmLabel="Delete group"
          workingLabel="Deleting…"
          onConfirm={deleteGroup}
          onClose={() => setConfirming(false)}
        >
          Its users stay:{' '}
          {members === 0
            ? 'it has no members.'
            : members === 1
              ? 'its one member keeps their account but loses the agents they had through it.'
              : `its ${members} members keep their accounts but lose the agents they had through it.`}
        </ConfirmDialog>
      )}
    </Section>
  );
}
