import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { providerKeysQuery, useClearProviderKey, useSetProviderKey } from '../api.ts';
import { Section } from './Section.tsx';

// The providers agents run on (src/vocabulary/engines.ts, less the built-in demo): suggestions,
// since the API takes any provider name.
const PROVIDERS = ['openai', 'azure-openai', 'mistral', 'google', 'llama', 'bedrock'];

/** POST/DELETE /api/Users/SetUserToken for the person's own keys; only the last 4 are shown. */
export function ProviderKeysSection() {
  const { user } = useSession();
  const keys = useQuery(providerKeysQuery(user.id));
  const setKey = useSetProviderKey(user.id);
  const clearKey = useClearProviderKey(user.id);
  const [provider, setProvider] = useState('');
  const [token, setToken] = useState('');
  const listId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setKey.mutate(
      { provider: provider.trim(), token },
      {
        onSuccess: () => {
          setProvider('');
          setToken('');
        },
      },
    );
  };
  return (
    <Section title="Your provider keys">
      <p>
        Your own API keys for AI providers, for agents that run on each person&rsquo;s key. They are
        stored encrypted and never shown again: only their last 4 characters.
      </p>
      {keys.isPending && <Spinner label="Loading your keys…" />}
      <ErrorNotice error={keys.error} />
      {keys.data && keys.data.length === 0 && <p className="muted">You have set no key.</p>}
      {keys.data && keys.data.length > 0 && (
        <ul className="item-list">
          {keys.data.map((key) => (
            <li key={key.provider}>
              <div>
                <strong>{key.provider}</strong> <code>…{key.last4}</code>
                <div className="muted">Set {formatDateTime(key.updatedAt)}</div>
              </div>
              <button
                type="button"
                className="button-secondary"
                disabled={clearKey.isPending}
                onClick={() => clearKey.mutate(key.provider)}
              >
                Remove<span className="visually-hidden"> the {key.provider} key</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNotice error={clearKey.error} />
      {setKey.isSuccess && <Notice kind="success">Key saved.</Notice>}
      <ErrorNotice error={setKey.error} />
      <form onSubmit={submit} className="stack">
        <h3>Add or replace a key</h3>
        <div className="field-row">
          <Field
            label="Provider"
            list={listId}
            required
            maxLength={64}
            autoCapitalize="off"
            spellCheck={false}
            value={provider}
            onChange={(event) => setProvider(event.target.value)}
          />
          <datalist id={listId}>
            {PROVIDERS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <Field
            label="API key"
            type="password"
            autoComplete="off"
            required
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
        </div>
        <SubmitActions label="Save key" pendingLabel="Saving…" pending={setKey.isPending} />
      </form>
    </Section>
  );
}
