import { useState, type FormEvent } from 'react';
import { ChoiceField } from './ChoiceField.tsx';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { useUpdateCompanySettings, type CompanySettings, type SmtpInput } from '../api.ts';
import { SecretField, secretInput } from './SecretField.tsx';
import { Section } from './Section.tsx';
import { SourceNote } from './SourceNote.tsx';
import { TestMailForm } from './TestMailForm.tsx';

type Security = SmtpInput['security'];

const SECURITY: Record<Security, string> = {
  starttls: 'STARTTLS (usually port 587)',
  tls: 'TLS from the start (usually port 465)',
  none: 'None: plain text (only on a trusted network)',
};

/** The mail server AIRisk sends invitations and password resets through. */
export function SmtpSection({ settings }: { settings: CompanySettings }) {
  const smtp = settings.smtp;
  const update = useUpdateCompanySettings();
  const removal = useUpdateCompanySettings();
  const [host, setHost] = useState(smtp.host ?? '');
  const [port, setPort] = useState(smtp.port === null ? '587' : String(smtp.port));
  const [security, setSecurity] = useState<Security>(smtp.security);
  const [username, setUsername] = useState(smtp.username ?? '');
  const [password, setPassword] = useState('');
  const [removePassword, setRemovePassword] = useState(false);
  const [from, setFrom] = useState(smtp.from);
  const [confirming, setConfirming] = useState(false);
  const stored = smtp.source === 'settings';

  const show = (saved: CompanySettings['smtp']) => {
    setHost(saved.host ?? '');
    setPort(saved.port === null ? '587' : String(saved.port));
    setSecurity(saved.security);
    setUsername(saved.username ?? '');
    setFrom(saved.from);
    setPassword('');
    setRemovePassword(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const secret = secretInput(password, removePassword);
    removal.reset();
    update.mutate(
      {
        smtp: {
          host: host.trim(),
          port: Number(port),
          security,
          username: username.trim() || null,
          from: from.trim(),
          ...(secret !== undefined && { password: secret }),
        },
      },
      { onSuccess: (saved) => show(saved.smtp) },
    );
  };
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      update.reset();
      removal.reset();
    };

  return (
    <Section title="Mail server (SMTP)" intro="Invitations and password resets go out through it.">
      <SourceNote
        source={smtp.source}
        what="mail server settings"
        variables="AIRISK_SMTP_URL, AIRISK_MAIL_FROM"
      />
      {update.isSuccess && <Notice kind="success">Mail server settings saved.</Notice>}
      {removal.isSuccess && (
        <Notice kind="success">The stored mail server settings are removed.</Notice>
      )}
      <ErrorNotice error={update.error} />
      <form onSubmit={submit} className="stack">
        <div className="field-row">
          <Field
            label="Host"
            required
            maxLength={253}
            autoComplete="off"
            spellCheck={false}
            placeholder="mail.example.com"
            value={host}
            onChange={(event) => edit(setHost)(event.target.value)}
          />
          <Field
            label="Port"
            type="number"
            required
            min={1}
            max={65535}
            inputMode="numeric"
            value={port}
            onChange={(event) => edit(setPort)(event.target.value)}
          />
        </div>
        <ChoiceField
          label="Security"
          value={security}
          choices={SECURITY}
          onChange={edit(setSecurity)}
        />
        <Field
          label="Username (optional)"
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          value={username}
          onChange={(event) => edit(setUsername)(event.target.value)}
          hint="Empty: the server takes mail without signing in."
        />
        <SecretField
          label="Password"
          value={password}
          onValue={edit(setPassword)}
          stored={stored && smtp.hasPassword}
          remove={removePassword}
          onRemove={edit(setRemovePassword)}
        />
        <Field
          label="From"
          required
          maxLength={460}
          autoComplete="off"
          value={from}
          onChange={(event) => edit(setFrom)(event.target.value)}
          hint="The sender of AIRisk's mails: an address, optionally with a name, such as AIRisk <airisk@example.com>."
        />
        <SubmitActions label="Save mail server" pendingLabel="Saving…" pending={update.isPending}>
          {stored && (
            <button type="button" className="button-quiet" onClick={() => setConfirming(true)}>
              Remove mail server settings
            </button>
          )}
        </SubmitActions>
      </form>
      <TestMailForm configured={smtp.configured} />
      {confirming && (
        <ConfirmDialog
          title="Remove the mail server settings?"
          confirmLabel="Remove settings"
          workingLabel="Removing…"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            update.reset();
            const saved = await removal.mutateAsync({ smtp: null });
            show(saved.smtp);
            setConfirming(false);
          }}
        >
          The stored settings and password are deleted. Mail then goes through the server’s
          environment variables (AIRISK_SMTP_URL), or not at all without them: invitation links are
          then shown to copy.
        </ConfirmDialog>
      )}
    </Section>
  );
}
