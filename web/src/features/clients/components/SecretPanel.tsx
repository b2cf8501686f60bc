import { useEffect, useId, useRef } from 'react';
import { Field } from '../../../components/Field.tsx';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import type { ClientWithSecret } from '../api.ts';

export interface ShownSecret extends ClientWithSecret {
  kind: 'created' | 'rotated';
}

/**
 * A client's secret, just created or rotated: shown once (the server keeps only a hash), with a
 * copy button. Focus moves to the panel so that a screen reader reads the warning first.
 */
export function SecretPanel({ shown, onDone }: { shown: ShownSecret; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const { client, clientSecret, kind } = shown;
  useEffect(() => {
    heading.current?.focus();
  }, [clientSecret]);
  return (
    <section className="card secret-panel" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {kind === 'created' ? `“${client.name}” is registered` : `New secret for “${client.name}”`}
      </h2>
      <p className="secret-warning">
        <strong>Copy the secret now: you will not see it again.</strong> AIRisk keeps only a hash of
        it. Store it where your application keeps its configuration; if it is lost, rotate the
        secret.
      </p>
      {kind === 'rotated' &&
        (client.previousSecretExpiresAt ? (
          <p>
            The previous secret also works until {formatDateTime(client.previousSecretExpiresAt)}:
            put the new one in your application before then.
          </p>
        ) : (
          <p>The previous secret no longer works.</p>
        ))}
      <div className="copy-row">
        <Field label="Client ID" readOnly value={client.id} className="mono" />
        <CopyButton text={client.id} label="Copy client ID" />
      </div>
      <div className="copy-row">
        <Field
          label="Client secret"
          readOnly
          value={clientSecret}
          className="mono"
          onFocus={(event) => event.target.select()}
        />
        <CopyButton text={clientSecret} label="Copy secret" />
      </div>
      <p className="muted">
        The code samples below have this secret filled in until you leave this page.
      </p>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onDone}>
          I have stored the secret
        </button>
      </div>
    </section>
  );
}
