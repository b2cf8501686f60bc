import { describe, expect, it } from 'vitest';
import { AUDIT_EVENTS } from '../../src/vocabulary/audit-events.ts';
import { EVENT_GROUPS, eventLabel, isKnownEvent } from '../../web/src/features/logs/events.ts';

// The Logs page's event filter: every event the server records, once, in words a person reads.

describe("the Logs page's events", () => {
  it('lists every event the server records, each once', () => {
    const listed = EVENT_GROUPS.flatMap((group) => group.events);
    expect([...listed].sort()).toEqual([...AUDIT_EVENTS].sort());
    expect(AUDIT_EVENTS.every(isKnownEvent)).toBe(true);
  });

  it('names them as a person writes them', () => {
    expect(eventLabel('client_secret_rotated')).toBe('Client secret rotated');
    expect(eventLabel('sso_signed_in')).toBe('SSO signed in');
    expect(eventLabel('signin_rate_limited')).toBe('Sign-in rate limited');
    expect(eventLabel('two_factor_disabled')).toBe('Two-factor disabled');
  });
});
