import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { Notice } from '../../../components/Notice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { sessionsQuery, useRevokeSession } from '../api.ts';
import { Section } from './Section.tsx';

// [what the User-Agent contains, what to call it], first match wins (Edge says Chrome too).
const BROWSERS: [string, string][] = [
  ['Edg/', 'Edge'],
  ['OPR/', 'Opera'],
  ['Firefox/', 'Firefox'],
  ['Chrome/', 'Chrome'],
  ['Safari/', 'Safari'],
];
const SYSTEMS: [string, string][] = [
  ['Android', 'Android'],
  ['iPhone', 'iPhone'],
  ['iPad', 'iPad'],
  ['Windows', 'Windows'],
  ['Mac OS', 'macOS'],
  ['CrOS', 'ChromeOS'],
  ['Linux', 'Linux'],
];

/** "Firefox on Windows" from a User-Agent: enough to recognise one's own devices. */
function deviceName(userAgent: string | null): string {
  if (!userAgent) {
    return 'An unknown browser';
  }
  const browser = BROWSERS.find(([mark]) => userAgent.includes(mark))?.[1] ?? 'A browser';
  const system = SYSTEMS.find(([mark]) => userAgent.includes(mark))?.[1];
  return system ? `${browser} on ${system}` : browser;
}

export function SessionsSection() {
  const sessions = useQuery(sessionsQuery);
  const revoke = useRevokeSession();
  return (
    <Section title="Active sessions">
      <p>
        Where you are signed in. Sign out a session you do not recognise, then change your password.
      </p>
      {sessions.isPending && <Spinner label="Loading your sessions…" />}
      {sessions.error && <Notice kind="error">{errorMessage(sessions.error)}</Notice>}
      {revoke.error && <Notice kind="error">{errorMessage(revoke.error)}</Notice>}
      {sessions.data && (
        <ul className="item-list">
          {sessions.data.map((session) => (
            <li key={session.id}>
              <div>
                <strong>{deviceName(session.userAgent)}</strong>
                {session.current && <span className="badge">This device</span>}
                <div className="muted">
                  {session.method === 'sso' ? 'Single sign-on' : 'Password'} ·{' '}
                  {session.ip ?? 'unknown address'} · signed in {formatDateTime(session.createdAt)}{' '}
                  · last active {formatDateTime(session.lastSeenAt)}
                </div>
              </div>
              {!session.current && (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(session.id)}
                >
                  Sign out
                  <span className="visually-hidden"> {deviceName(session.userAgent)}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
