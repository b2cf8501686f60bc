import { useState, type FormEvent } from 'react';
import { useSession } from '../../../lib/api.ts';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { useUpdateProfile } from '../api.ts';
import { Section } from './Section.tsx';

export function ProfileSection() {
  const { user } = useSession();
  const [name, setName] = useState(user.name);
  const update = useUpdateProfile();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(name.trim());
  };
  return (
    <Section title="Profile">
      {update.isSuccess && <Notice kind="success">Your name is saved.</Notice>}
      <ErrorNotice error={update.error} />
      <form onSubmit={submit} className="stack">
        <Field
          label="Name"
          autoComplete="name"
          required
          maxLength={200}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            update.reset();
          }}
          hint="Shown to administrators and in the company's logs."
        />
        <SubmitActions
          label="Save name"
          pendingLabel="Saving…"
          pending={update.isPending}
          disabled={name.trim() === user.name}
        />
      </form>
    </Section>
  );
}
