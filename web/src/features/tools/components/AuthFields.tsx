import { useId } from 'react';
import { Field } from '../../../components/Field.tsx';
import type { DraftErrors } from '../api-draft.ts';
import type { AuthDraft } from '../auth-draft.ts';
import { AUTH_KINDS, type AuthKind } from '../tool-words.ts';
import { SecretSelect } from './SecretSelect.tsx';

interface Props {
  /** A line under the heading (what the auth applies to). */
  intro?: string;
  value: AuthDraft;
  onChange: (value: AuthDraft) => void;
  errors: DraftErrors;
}

/** How the API's calls prove who sends them: the kind, then that kind's fields. */
export function AuthFields({ intro, value, onChange, errors }: Props) {
  const headingId = useId();
  const kindId = useId();
  const set = (changes: Partial<AuthDraft>) => onChange({ ...value, ...changes });
  const text = (field: keyof AuthDraft) => ({
    value: value[field],
    error: errors[`auth.${field}`],
    onChange: (event: { target: { value: string } }) => set({ [field]: event.target.value }),
  });
  const secret = (label: string, hint: string) => (
    <SecretSelect
      label={label}
      value={value.secret}
      onChange={(name) => set({ secret: name })}
      error={errors['auth.secret']}
      hint={hint}
    />
  );
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId} className="tab-heading">
        Authentication
      </h2>
      {intro && <p className="field-hint">{intro}</p>}
      <div className="field">
        <label htmlFor={kindId}>Kind</label>
        <select
          id={kindId}
          value={value.kind}
          onChange={(event) => set({ kind: event.target.value as AuthKind })}
        >
          {AUTH_KINDS.map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {value.kind === 'none' && (
        <p className="muted">The calls carry no credentials: for a public or internal API.</p>
      )}
      {value.kind === 'apiKey' && (
        <>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${kindId}-in`}>Sent in</label>
              <select
                id={`${kindId}-in`}
                value={value.keyIn}
                onChange={(event) => set({ keyIn: event.target.value as AuthDraft['keyIn'] })}
              >
                <option value="header">A header</option>
                <option value="query">The query string</option>
              </select>
            </div>
            <Field
              label={value.keyIn === 'header' ? 'Header name' : 'Query parameter name'}
              required
              maxLength={200}
              autoComplete="off"
              spellCheck={false}
              {...text('keyName')}
            />
          </div>
          {secret('Key', 'The custom secret holding the API key.')}
        </>
      )}
      {value.kind === 'basic' && (
        <>
          <Field
            label="Username"
            required
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            {...text('username')}
          />
          {secret('Password', 'The custom secret holding the password.')}
        </>
      )}
      {value.kind === 'bearer' &&
        secret('Token', 'The custom secret holding the token, sent as Authorization: Bearer …')}
      {value.kind === 'oauth2ClientCredentials' && (
        <>
          <Field
            label="Token URL"
            type="url"
            required
            maxLength={2000}
            autoComplete="off"
            spellCheck={false}
            placeholder="https://auth.example.com/oauth2/token"
            hint="The authorization server's token endpoint; the token is kept until it expires."
            {...text('tokenUrl')}
          />
          <div className="form-grid">
            <Field
              label="Client ID"
              required
              maxLength={500}
              autoComplete="off"
              spellCheck={false}
              {...text('clientId')}
            />
            <Field
              label="Scope (optional)"
              maxLength={1000}
              autoComplete="off"
              spellCheck={false}
              hint="Space-separated."
              {...text('scope')}
            />
          </div>
          {secret('Client secret', 'The custom secret holding the client secret.')}
        </>
      )}
      {value.kind === 'userToken' && (
        <>
          <Field
            label="Provider"
            required
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            hint={
              <>
                Each user sets their own token for this provider (POST /api/Users/SetUserToken with
                this <code>provider</code>); a user without one is told to set it.
              </>
            }
            {...text('provider')}
          />
          <div className="form-grid">
            <Field
              label="Header"
              maxLength={200}
              autoComplete="off"
              spellCheck={false}
              placeholder="Authorization"
              {...text('header')}
            />
            <Field
              label="Scheme (optional)"
              maxLength={50}
              autoComplete="off"
              spellCheck={false}
              hint="Written before the token, such as Bearer; empty: the token alone."
              {...text('scheme')}
            />
          </div>
        </>
      )}
    </section>
  );
}
