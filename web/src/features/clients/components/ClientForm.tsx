import { useState, type FormEvent, type ReactNode } from 'react';
import { Field } from '../../../components/Field.tsx';
import { TextAreaField } from '../../../components/TextAreaField.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { parseRedirectUris, redirectUriWarnings } from '../redirect-uris.ts';

export interface ClientFormValues {
  name: string;
  redirectUris: string[];
}

interface ClientFormProps {
  initial?: ClientFormValues;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  onSubmit: (values: ClientFormValues) => void;
  /** Secondary actions beside the submit button (Cancel). */
  children?: ReactNode;
  autoFocus?: boolean;
}

/** An API client's name and redirect URIs: the register and edit forms. */
export function ClientForm({
  initial,
  submitLabel,
  pendingLabel,
  pending,
  onSubmit,
  children,
  autoFocus,
}: ClientFormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [uris, setUris] = useState(initial?.redirectUris.join('\n') ?? '');
  const warnings = redirectUriWarnings(parseRedirectUris(uris));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name: name.trim(), redirectUris: parseRedirectUris(uris) });
  };
  return (
    <form onSubmit={submit} className="stack">
      <Field
        label="Name"
        required
        maxLength={200}
        autoComplete="off"
        autoFocus={autoFocus}
        value={name}
        onChange={(event) => setName(event.target.value)}
        hint="The application's name, as people here know it (shown in the audit log's details)."
      />
      <TextAreaField
        label="Redirect URIs"
        required
        rows={3}
        spellCheck={false}
        autoCapitalize="off"
        value={uris}
        onChange={(event) => setUris(event.target.value)}
        placeholder="https://app.example.com/oauth/callback"
        hint={<RedirectUriRules />}
        error={warnings.length > 0 ? warnings.join(' ') : undefined}
      />
      <SubmitActions label={submitLabel} pendingLabel={pendingLabel} pending={pending}>
        {children}
      </SubmitActions>
    </form>
  );
}

function RedirectUriRules() {
  return (
    <>
      One per line. AIRisk sends a code only to a URI listed here, compared letter for letter
      (scheme, host, port, path and query must match exactly). Use <code>https://</code>; plain{' '}
      <code>http://</code> only on a loopback address for an app on the same machine (
      <code>http://127.0.0.1/…</code> or <code>http://[::1]/…</code>), where any port is accepted at
      request time. No <code>#</code> fragment.
    </>
  );
}
