import { useRef, useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { Section } from '../../users/components/Section.tsx';
import { useRenameGroup, type GroupDetail } from '../api.ts';

/** POST /api/Groups/UpdateGroup: a new name, unique in any case. */
export function RenameGroup({ group }: { group: GroupDetail }) {
  const rename = useRenameGroup(group.id);
  const [name, setName] = useState(group.name);
  const heading = useRef<HTMLHeadingElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate(name.trim(), { onSuccess: () => heading.current?.focus() });
  };
  return (
    <Section title="Name" headingRef={heading}>
      {rename.isSuccess && <Notice kind="success">The group is renamed.</Notice>}
      <ErrorNotice error={rename.error} />
      <form onSubmit={submit} className="inline-form">
        <Field
          label="Group name"
          required
          maxLength={200}
          autoComplete="off"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            rename.reset();
          }}
        />
        <SubmitActions
          label="Rename group"
          pendingLabel="Renaming…"
          pending={rename.isPending}
          disabled={!name.trim() || name.trim() === group.name}
        />
      </form>
    </Section>
  );
}
