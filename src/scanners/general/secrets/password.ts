import type { Finding } from '../../scanner.ts';
import { findMatches } from '../match-findings.ts';

// scheme://user:password@host; only the password is reported.
const URL_CREDENTIALS =
  /(?<![\w+.-])[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@]{1,64}:([^\s/@]{1,128})@[\w.-]/dgi;
const KEYS =
  '[\\w.-]{0,30}(?:password|passwd|passphrase|pwd)|pass|mot de passe|mdp|passwort|kennwort|contrase[ñn]a|clave|senha';
// `password=…`, `"password": "…"`, `DB_PASSWORD: …`, "my password is …", "Passwort ist …".
const ASSIGNMENT = new RegExp(
  `(?<![\\p{L}])(?:${KEYS})["']?(?:\\s{0,3}(?:[:=]|=>)\\s{0,3}|\\s(?:is|est|ist|es|é)\\s)(?:(["'])([^"'\\n]{4,128})\\1|([^\\s"',;]{4,128}))`,
  'dgiu',
);
// Template variables, masks and words that stand for a password without being one.
const PLACEHOLDER =
  /^(?:\*+|x+|\.+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[^%]+%|\$\w+|\(?null\)?|none|true|false|required|optional|string|password|passwd|secret|changeme|your[_-]?password|example|redacted|hidden)$/i;
// Unquoted after "is" or ":", a plain word is prose ("Passwort: mindestens…"), not a password.
const HAS_NON_LETTER = /[^\p{L}]/u;

function passwordFinding(start: number, end: number): Finding {
  return { type: 'password', start, end, label: 'Password' };
}

export function findPasswords(text: string): Finding[] {
  return [
    ...findMatches(URL_CREDENTIALS, text, (match) => {
      const [start, end] = match.indices?.[1] ?? [0, 0];
      return PLACEHOLDER.test(match[1] ?? '') ? null : passwordFinding(start, end);
    }),
    ...findMatches(ASSIGNMENT, text, (match) => {
      const [, quote, quoted, bare] = match;
      const value = quoted ?? bare ?? '';
      const isAssignment = match[0].slice(0, match[0].length - value.length).includes('=');
      if (PLACEHOLDER.test(value) || (!quote && !isAssignment && !HAS_NON_LETTER.test(value))) {
        return null;
      }
      const [start, end] = match.indices?.[quote ? 2 : 3] ?? [0, 0];
      return passwordFinding(start, end);
    }),
  ];
}
