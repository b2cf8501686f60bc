import { useId, useState, type RefObject } from 'react';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { Field } from '../../../components/Field.tsx';
import type { ApiClient } from '../api.ts';
import { curlSnippet, oauthFlow, pythonSnippet, SECRET_PLACEHOLDER } from '../snippets.ts';

interface CodeSamplesProps {
  clients: ApiClient[];
  clientId: string;
  onClient: (clientId: string) => void;
  /** Secrets shown on this page, by client id: the samples fill them in. */
  secrets: Record<string, string>;
  /** Where the page moves focus when a row's "Code samples" is chosen. */
  headingRef: RefObject<HTMLHeadingElement | null>;
}

/** The documented flow for one client, ready to paste: curl and Python requests. */
export function CodeSamples({
  clients,
  clientId,
  onClient,
  secrets,
  headingRef,
}: CodeSamplesProps) {
  const client = clients.find((candidate) => candidate.id === clientId) ?? clients[0];
  const [redirectUri, setRedirectUri] = useState<string>();
  const [userId, setUserId] = useState('');
  const headingId = useId();
  const clientSelectId = useId();
  const uriSelectId = useId();
  if (!client) {
    return null;
  }
  const uri =
    redirectUri && client.redirectUris.includes(redirectUri)
      ? redirectUri
      : (client.redirectUris[0] ?? '');
  const secret = secrets[client.id];
  const input = {
    server: window.location.origin,
    clientId: client.id,
    redirectUri: uri,
    clientSecret: secret,
    userId,
  };
  const flow = oauthFlow(input);
  return (
    <section className="card code-samples" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Connect an application
      </h2>
      <ol className="steps">
        <li>
          Your application opens (or GETs) the authorization URL. AIRisk answers <code>302</code> to
          the redirect URI with <code>?code=…</code>, a single-use code valid for 60 seconds.
        </li>
        <li>
          Its server posts the code with the client ID and secret to <code>/api/oauth2/Token</code>{' '}
          and gets an access token (valid one hour).
        </li>
        <li>
          It calls the API with <code>Authorization: Bearer</code> and the token.
        </li>
      </ol>
      <div className="form-grid">
        {clients.length > 1 && (
          <div className="field">
            <label htmlFor={clientSelectId}>API client</label>
            <select
              id={clientSelectId}
              value={client.id}
              onChange={(event) => onClient(event.target.value)}
            >
              {clients.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {client.redirectUris.length > 1 && (
          <div className="field">
            <label htmlFor={uriSelectId}>Redirect URI</label>
            <select
              id={uriSelectId}
              value={uri}
              onChange={(event) => setRedirectUri(event.target.value)}
            >
              {client.redirectUris.map((candidate) => (
                <option key={candidate}>{candidate}</option>
              ))}
            </select>
          </div>
        )}
        <Field
          label="User ID (optional)"
          autoComplete="off"
          spellCheck={false}
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
          hint="Empty: a generic token, which may only list users. A user's ID (userid): a token that acts as that user, with that user's roles."
        />
      </div>
      <p>
        {secret ? (
          <>The secret shown on this page is filled in: keep these samples private.</>
        ) : (
          <>
            Replace <code>{SECRET_PLACEHOLDER}</code> with the client's secret (rotate it if it is
            lost).
          </>
        )}
      </p>
      <div className="copy-row">
        <Field
          label="Authorization URL"
          readOnly
          value={flow.authorizationUrl}
          className="mono"
          onFocus={(event) => event.target.select()}
        />
        <CopyButton text={flow.authorizationUrl} label="Copy URL" />
      </div>
      <Sample title="curl (bash)" code={curlSnippet(input)} open />
      <Sample title="Python (requests)" code={pythonSnippet(input)} />
    </section>
  );
}

function Sample({ title, code, open }: { title: string; code: string; open?: boolean }) {
  return (
    <details className="sample" open={open}>
      <summary>{title}</summary>
      <pre className="snippet" tabIndex={0} aria-label={`${title} sample`}>
        {code}
      </pre>
      <CopyButton text={code} label={`Copy the ${title.split(' ')[0]} sample`} />
    </details>
  );
}
