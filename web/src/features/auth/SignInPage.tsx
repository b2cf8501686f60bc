import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { isSignedOutState, sessionApi, unwrap, useOptionalSession } from '../../lib/api.ts';
import { useAccountOptions } from '../../lib/account-options.ts';
import { errorMessage } from '../../lib/errors.ts';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { AuthCard } from './components/AuthCard.tsx';
import { EmailField } from './components/EmailField.tsx';
import { safeNext, useFinishSignIn } from './hooks.ts';

// What /api/Account/Sso/Callback reports in ?error=, in words that say what to do next.
const SSO_ERRORS: { [code: string]: string } = {
  sso_domain:
    'Your email domain may not sign in here. Use your company account, or ask your administrator.',
  sso_state:
    'The single sign-on attempt expired or was started in another tab. Start it again below.',
  sso_not_invited:
    'You have no AIRisk account yet. Ask your administrator to invite you, then sign in again.',
  sso_failed:
    'Single sign-on did not work. Try again; if it keeps failing, tell your administrator.',
};

export function SignInPage() {
  const options = useAccountOptions();
  const session = useOptionalSession();
  const [params] = useSearchParams();
  // Signing out comes here while the ended session is still being forgotten.
  const signingOut = isSignedOutState(useLocation().state);
  const next = safeNext(params.get('next'));
  const ssoError = params.get('error');
  const finish = useFinishSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);

  const signIn = useMutation({
    mutationFn: async (withCode: boolean) =>
      unwrap(
        await sessionApi.POST('/api/Account/SignIn', {
          body: { email, password, ...(withCode ? { code: code.trim() } : {}) },
        }),
      ),
    onSuccess: async (answer) => {
      if ('twoFactorRequired' in answer) {
        setNeedsCode(true);
        return;
      }
      await finish(answer, next);
    },
  });

  if (session && !signingOut) {
    return <Navigate to={next} replace />;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(needsCode);
  };
  const failure =
    signIn.error &&
    errorMessage(signIn.error, {
      401: needsCode
        ? 'That code is not right. Enter the current 6-digit code from your authenticator app, or one of your recovery codes.'
        : 'The email or the password is not right. Check both and try again, or reset your password.',
    });

  return (
    <AuthCard title="Sign in to AIRisk">
      {options.firstRun && (
        <Notice kind="info">
          AIRisk has no administrator yet. Open the set-up link the server printed when it started (
          <code>npm start</code>): it creates the first administrator.
        </Notice>
      )}
      {ssoError && !signIn.error && (
        <Notice kind="error">
          {SSO_ERRORS[ssoError] ?? 'Signing in did not work. Try again.'}
        </Notice>
      )}
      {failure && <Notice kind="error">{failure}</Notice>}
      <form onSubmit={submit} className="stack">
        {needsCode ? (
          <>
            <p>
              Two-factor authentication is on for <strong>{email}</strong>. Enter the code from your
              authenticator app.
            </p>
            <Field
              label="Authentication code"
              autoComplete="one-time-code"
              autoCapitalize="off"
              spellCheck={false}
              required
              autoFocus
              value={code}
              onChange={(event) => setCode(event.target.value)}
              hint="6 digits, or one of your recovery codes."
            />
            <SubmitActions
              label="Verify and sign in"
              pendingLabel="Checking…"
              pending={signIn.isPending}
            >
              <button
                type="button"
                className="button-quiet"
                onClick={() => {
                  setNeedsCode(false);
                  setCode('');
                  signIn.reset();
                }}
              >
                Use another account
              </button>
            </SubmitActions>
          </>
        ) : (
          <>
            <EmailField value={email} onValue={setEmail} />
            <PasswordField label="Password" value={password} onValue={setPassword} />
            <SubmitActions label="Sign in" pendingLabel="Signing in…" pending={signIn.isPending}>
              <Link to="/reset">Forgot your password?</Link>
            </SubmitActions>
          </>
        )}
      </form>
      {options.sso && !needsCode && (
        <div className="sso">
          <p className="divider">
            <span>or</span>
          </p>
          <a
            className="button button-secondary"
            href={`/api/Account/Sso/Start?next=${encodeURIComponent(next)}`}
          >
            Sign in with {options.sso.button}
          </a>
        </div>
      )}
    </AuthCard>
  );
}
