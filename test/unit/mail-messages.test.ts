import { describe, expect, it } from 'vitest';
import { formatExpiry, invitationMessage, passwordResetMessage } from '../../src/mail/messages.ts';

// The account mails: what they say in text and HTML, and that names stay text in HTML.

const LINK = 'https://airisk.example.com/invite#token=abc_DEF-123';
const EXPIRES = Date.UTC(2026, 11, 13, 2, 40) / 1000;

describe('invitationMessage', () => {
  it('names who invited, the link, the expiry and what to do if unexpected', () => {
    const mail = invitationMessage({
      to: 'ada@example.com',
      name: 'Ada',
      invitedBy: 'Zed Admin',
      link: LINK,
      expiresAt: EXPIRES,
    });
    expect(mail.to).toBe('ada@example.com');
    expect(mail.subject).toBe('Zed Admin invited you to AIRisk');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(LINK);
      expect(part).toContain('13 December 2026 at 02:40 UTC');
      expect(part).toContain('If you did not expect this invitation');
    }
    expect(mail.html).toContain(`<a href="${LINK}">`);
  });

  it('says "An administrator" when the command line invited', () => {
    const mail = invitationMessage({
      to: 'ada@example.com',
      name: 'Ada',
      invitedBy: undefined,
      link: LINK,
      expiresAt: EXPIRES,
    });
    expect(mail.subject).toBe('An administrator invited you to AIRisk');
    expect(mail.text).toContain('ask your administrator for a new invitation');
  });

  it('keeps names as text in the HTML part', () => {
    const mail = invitationMessage({
      to: 'ada@example.com',
      name: '<img src=x onerror=alert(1)>',
      invitedBy: 'Eve "<script>"',
      link: LINK,
      expiresAt: EXPIRES,
    });
    expect(mail.html).not.toMatch(/<img|<script/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('Eve &quot;&lt;script&gt;&quot;');
  });
});

describe('passwordResetMessage', () => {
  it('tells a person who did not ask that the password stays as it is', () => {
    const mail = passwordResetMessage({
      to: 'ada@example.com',
      name: 'Ada',
      link: LINK,
      expiresAt: EXPIRES,
    });
    expect(mail.subject).toBe('Reset your AIRisk password');
    expect(mail.text).toContain('Someone (hopefully you) asked');
    expect(mail.text).toContain('your password stays as it is');
    expect(mail.text).toContain(LINK);
  });

  it('names the administrator who created the link', () => {
    const mail = passwordResetMessage({
      to: 'ada@example.com',
      name: 'Ada',
      link: LINK,
      expiresAt: EXPIRES,
      requestedBy: 'Zed Admin',
    });
    expect(mail.text).toContain('Zed Admin created a link for you');
  });
});

it('formatExpiry writes the moment in UTC, whatever the local zone', () => {
  expect(formatExpiry(EXPIRES)).toBe('13 December 2026 at 02:40 UTC');
});
