import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Field } from '../../../components/Field.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { useCreateGroup } from '../api.ts';
import type { CreatedState } from '../created-state.ts';

/** POST /api/Groups/CreateGroup, then on to the new group's page to add members and agents. */
export function CreateGroupForm() {
  const create = useCreateGroup();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: (group) => {
          const state: CreatedState = { created: group.name };
          void navigate(`/admin/groups/${encodeURIComponent(group.id)}`, { state });
        },
      },
    );
  };
  return (
    <section className="card section create-group" aria-labelledby="create-group-title">
      <h2 id="create-group-title">Create a group</h2>
      <ErrorNotice error={create.error} />
      <form onSubmit={submit} className="stack">
        <div className="field-row">
          <Field
            label="Group name"
            required
            maxLength={200}
            autoComplete="off"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              create.reset();
            }}
            hint="Unique, in any case: “Finance” and “finance” are the same group."
          />
          <Field
            label="Description (optional)"
            maxLength={2000}
            autoComplete="off"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <SubmitActions
          label="Create group"
          pendingLabel="Creating…"
          pending={create.isPending}
          disabled={!name.trim()}
        />
      </form>
    </section>
  );
}
