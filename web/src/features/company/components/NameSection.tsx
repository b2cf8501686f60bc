import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { useUpdateCompanySettings, type CompanySettings } from '../api.ts';
import { Section } from './Section.tsx';

/** The company's name: in the header, on the sign-in page and in mails. */
export function NameSection({ settings }: { settings: CompanySettings }) {
  const [name, setName] = useState(settings.name);
  const update = useUpdateCompanySettings();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name: name.trim() });
  };
  return (
    <Section title="Name">
      {update.isSuccess && <Notice kind="success">The name is saved.</Notice>}
      <ErrorNotice error={update.error} />
      <form onSubmit={submit} className="stack">
        <Field
          label="Company name"
          required
          maxLength={200}
          autoComplete="organization"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            update.reset();
          }}
          hint="Shown in the header, on the sign-in page and in the mails AIRisk sends."
        />
        <SubmitActions
          label="Save name"
          pendingLabel="Saving…"
          pending={update.isPending}
          disabled={name.trim() === '' || name.trim() === settings.name}
        />
      </form>
    </Section>
  );
}
