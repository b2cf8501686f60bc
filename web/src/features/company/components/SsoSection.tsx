import { useState, type FormEvent } from 'react';
import { ChoiceField } from './ChoiceField.tsx';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { useUpdateCompanySettings, type CompanySettings, type SsoInput } from '../api.ts';
import { SecretField, secretInput } from './SecretField.tsx';
import { Section } from './Section.tsx';
import { SourceNote } from './SourceNote.tsx';

type NewUsers = NonNullable<SsoInput['newUsers']>;

const NEW_USERS: Record<NewUsers, string> = {
  invited: 'Only people who were invited (they have an account)',
  domain: 'Anyone of an allowed domain (an account is created at first sign-in)',
};

/** Single sign-on with the company's OpenID Connect provider. */
export function SsoSection({ settings }: { settings: CompanySettings }) {
  const sso = settings.sso;
  const update = useUpdateCompanySettings();
  const removal = useUpdateCompanySettings();
  const [issuer, setIssuer] = useState(sso.issuer ?? '');
  const [clientId, setClientId] = useState(sso.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [newUsers, setNewUsers] = useState<NewUsers>(sso.newUsers);
  const [buttonLabel, setButtonLabel] = useState(sso.buttonLabel);
  const [confirming, setConfirming] = useState(false);
  const stored = sso.source === 'settings';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const clientSecret = secretInput(secret, removeSecret);
    update.mutate(
      {
        sso: {
          issuer: issuer.trim(),
          clientId: clientId.trim(),
          newUsers,
          buttonLabel: buttonLabel.trim(),
          ...(clientSecret !== undefined && { clientSecret }),
        },
      },
      {
        onSuccess: () => {
          setSecret('');
          setRemoveSecret(false);
        },
      },
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
    <Section
      title="Single sign-on"
      intro="People sign in with the company’s identity provider (OpenID Connect)."
    >
      <SourceNote
        source={sso.source}
        what="single sign-on settings"
        variables="AIRISK_OIDC_ISSUER, AIRISK_OIDC_CLIENT_ID, AIRISK_OIDC_CLIENT_SECRET…"
      />
      {update.isSuccess && <Notice kind="success">Single sign-on settings saved.</Notice>}
      {removal.isSuccess && (
        <Notice kind="success">The stored single sign-on settings are removed.</Notice>
      )}
      <ErrorNotice error={update.error} />
      <form onSubmit={submit} className="stack">
        <Field
          label="Issuer URL"
          type="url"
          required
          maxLength={2000}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://login.example.com/realms/example"
          value={issuer}
          onChange={(event) => edit(setIssuer)(event.target.value)}
          hint="Exactly as the provider writes it: its discovery document is below it."
        />
        <Field
          label="Client ID"
          required
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          value={clientId}
          onChange={(event) => edit(setClientId)(event.target.value)}
        />
        <SecretField
          label="Client secret"
          value={secret}
          onValue={edit(setSecret)}
          stored={stored && sso.hasClientSecret}
          remove={removeSecret}
          onRemove={edit(setRemoveSecret)}
        />
        <ChoiceField
          label="Who may sign in"
          value={newUsers}
          choices={NEW_USERS}
          onChange={edit(setNewUsers)}
        />
        <Field
          label="Button label"
          required
          maxLength={60}
          value={buttonLabel}
          onChange={(event) => edit(setButtonLabel)(event.target.value)}
          hint="The sign-in page's button, such as “Sign in with Example ID”."
        />
        <SubmitActions
          label="Save single sign-on"
          pendingLabel="Saving…"
          pending={update.isPending}
        >
          {stored && (
            <button type="button" className="button-quiet" onClick={() => setConfirming(true)}>
              Remove single sign-on settings
            </button>
          )}
        </SubmitActions>
      </form>
      {confirming && (
        <ConfirmDialog
          title="Remove the single sign-on settings?"
          confirmLabel="Remove settings"
          workingLabel="Removing…"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            update.reset();
            const saved = await removal.mutateAsync({ sso: null });
            setIssuer(saved.sso.issuer ?? '');
            setClientId(saved.sso.clientId ?? '');
            setNewUsers(saved.sso.newUsers);
            setButtonLabel(saved.sso.buttonLabel);
            setSecret('');
            setRemoveSecret(false);
            setConfirming(false);
          }}
        >
          The stored settings and client secret are deleted. Single sign-on then follows the
          server’s environment variables, or is off without them; people keep their passwords.
        </ConfirmDialog>
      )}
    </Section>
  );
}
