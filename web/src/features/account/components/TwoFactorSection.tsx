import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { sessionQuery, useSession } from '../../../lib/api.ts';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { PasswordField } from '../../../components/PasswordField.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { useBeginTwoFactor, useDisableTwoFactor, useEnableTwoFactor } from '../api.ts';
import { Section } from './Section.tsx';

/** An SVG from the server as an image: never parsed into the page (no innerHTML). */
function svgImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function TwoFactorSection() {
  const { twoFactorEnabled } = useSession();
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  return (
    <Section title="Two-factor authentication">
      {recoveryCodes ? (
        <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(undefined)} />
      ) : twoFactorEnabled ? (
        <DisableTwoFactor />
      ) : (
        <SetUpTwoFactor onEnabled={setRecoveryCodes} />
      )}
    </Section>
  );
}

function SetUpTwoFactor({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const begin = useBeginTwoFactor();
  const enable = useEnableTwoFactor();
  const [code, setCode] = useState('');
  if (!begin.data) {
    return (
      <>
        <p>
          Two-factor authentication is <strong>off</strong>. With it on, signing in with your
          password also asks for a code from an authenticator app on your phone.
        </p>
        <ErrorNotice error={begin.error} />
        <div className="actions">
          <button type="button" disabled={begin.isPending} onClick={() => begin.mutate()}>
            {begin.isPending ? 'Preparing…' : 'Set up two-factor authentication'}
          </button>
        </div>
      </>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    enable.mutate(code.trim(), { onSuccess: (answer) => onEnabled(answer.recoveryCodes) });
  };
  return (
    <>
      <ol className="steps">
        <li>
          Scan this code with your authenticator app (for example Google Authenticator, Microsoft
          Authenticator or 1Password).
          <img
            className="qr"
            src={svgImageSource(begin.data.qrSvg)}
            width={200}
            height={200}
            alt="QR code that adds AIRisk to an authenticator app"
          />
          <p>
            Cannot scan it? Type this key instead:{' '}
            <code className="secret">{begin.data.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
        </li>
        <li>Enter the 6-digit code the app shows now.</li>
      </ol>
      <ErrorNotice
        error={enable.error}
        byStatus={{
          400: 'That code is not right. Enter the code the app shows now; it changes every 30 seconds.',
        }}
      />
      <form onSubmit={submit} className="stack">
        <Field
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          required
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        <SubmitActions
          label="Turn on two-factor authentication"
          pendingLabel="Checking…"
          pending={enable.isPending}
        />
      </form>
    </>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  return (
    <>
      <Notice kind="success">Two-factor authentication is on.</Notice>
      <p>
        Save these recovery codes somewhere safe, such as a password manager. Each one signs you in
        once if you lose your phone. They are not shown again.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <CopyButton text={codes.join('\n')} label="Copy the codes" />
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            onDone();
            void queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
          }}
        >
          I saved them
        </button>
      </div>
    </>
  );
}

function DisableTwoFactor() {
  const disable = useDisableTwoFactor();
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate(password);
  };
  return (
    <>
      <p>
        Two-factor authentication is <strong>on</strong>: signing in with your password also asks
        for a code from your authenticator app.
      </p>
      <ErrorNotice
        error={disable.error}
        byStatus={{
          400: 'Your password is not right. Type it again.',
          401: 'Your password is not right. Type it again.',
        }}
      />
      <form onSubmit={submit} className="stack">
        <PasswordField
          label="Your password, to turn it off"
          value={password}
          onValue={setPassword}
        />
        <SubmitActions
          label="Turn off two-factor authentication"
          pendingLabel="Turning off…"
          pending={disable.isPending}
          className="button-danger"
        />
      </form>
    </>
  );
}
