import { isIP } from 'node:net';
import { ValidationError } from '../lib/errors.ts';
import { parseEmail, parseName } from '../users/user-input.ts';
import { EMAIL_DOMAIN } from '../vocabulary/email-domain.ts';
import { MAX_EMAIL_CHARS, MAX_NAME_CHARS, MAX_SECRET_CHARS } from '../vocabulary/limits.ts';
import {
  MAX_BUTTON_LABEL_CHARS,
  MAX_DOMAIN_CHARS,
  MAX_SIGN_IN_DOMAINS,
  MAX_URL_CHARS,
  SMTP_SECURITY,
  SSO_NEW_USERS,
  type SmtpSecurity,
  type SsoNewUsers,
} from '../vocabulary/company.ts';
import { MAX_RETENTION_DAYS } from '../vocabulary/limits.ts';

// The checks of each setting, each failure naming its field (as schema validation does), so
// that the API and any other caller refuse the same values with the same words.

export function parseCompanyName(input: string): string {
  return parseName(input, 'name');
}

/** Lower-cased, without a leading "@", each once. */
export function parseSignInDomains(input: readonly string[]): string[] {
  if (input.length > MAX_SIGN_IN_DOMAINS) {
    throw new ValidationError(
      `allowedSignInDomains may name at most ${MAX_SIGN_IN_DOMAINS} domains`,
    );
  }
  const domains = input.map((value) => value.trim().toLowerCase().replace(/^@/, ''));
  const wrong = domains.find(
    (domain) => !EMAIL_DOMAIN.test(domain) || domain.length > MAX_DOMAIN_CHARS,
  );
  if (wrong !== undefined) {
    throw new ValidationError(
      `allowedSignInDomains: "${wrong}" is not an email domain such as example.com`,
    );
  }
  return [...new Set(domains)];
}

export function parseIssuer(input: string): string {
  const issuer = input.trim();
  // Kept as written: it must equal the provider's `iss` exactly, trailing slash included.
  if (!/^https?:\/\/\S+$/i.test(issuer) || !URL.canParse(issuer) || issuer.length > MAX_URL_CHARS) {
    throw new ValidationError(
      'sso.issuer must be an http(s) URL such as https://login.example.com/realms/example',
    );
  }
  return issuer;
}

export function parseClientId(input: string): string {
  return text('sso.clientId', input, MAX_NAME_CHARS);
}

/** A secret as given (spaces are part of it); never quoted in an error. */
export function parseSecret(field: string, input: string): string {
  if (input.length === 0 || input.length > MAX_SECRET_CHARS) {
    throw new ValidationError(
      `${field} must be 1 to ${MAX_SECRET_CHARS} characters (null removes it)`,
    );
  }
  return input;
}

export function parseNewUsers(input: string): SsoNewUsers {
  return oneOf('sso.newUsers', input, SSO_NEW_USERS);
}

export function parseButtonLabel(input: string): string {
  return text('sso.buttonLabel', input, MAX_BUTTON_LABEL_CHARS);
}

// RFC 1123 host names, or an IP address.
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function parseSmtpHost(input: string): string {
  const host = input.trim();
  if (!HOST_NAME.test(host) && isIP(host) === 0) {
    throw new ValidationError(
      'smtp.host must be a host name or IP address such as mail.example.com',
    );
  }
  return host;
}

export function parseSmtpPort(input: number): number {
  if (!Number.isInteger(input) || input < 1 || input > 65535) {
    throw new ValidationError('smtp.port must be a whole number from 1 to 65535');
  }
  return input;
}

export function parseSmtpSecurity(input: string): SmtpSecurity {
  return oneOf('smtp.security', input, SMTP_SECURITY);
}

export function parseSmtpUsername(input: string): string {
  return text('smtp.username', input, MAX_NAME_CHARS);
}

// A display name and an address in angle brackets, or the address alone (RFC 5322 §3.4).
const NAMED_ADDRESS = /^([^<>"]*)<([^<>\s]+)>$/;
const MAX_FROM_CHARS = MAX_NAME_CHARS + MAX_EMAIL_CHARS + 3;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `AIRisk <airisk@example.com>` or `airisk@example.com`; no line breaks (header injection). */
export function parseMailFrom(input: string): string {
  const from = input.trim();
  const address = NAMED_ADDRESS.exec(from)?.[2] ?? from;
  if (CONTROL.test(from) || from.length > MAX_FROM_CHARS || !isEmail(address)) {
    throw new ValidationError(
      'smtp.from must be an email address, optionally with a name: AIRisk <airisk@example.com>',
    );
  }
  return from;
}

function isEmail(address: string): boolean {
  try {
    parseEmail(address);
    return true;
  } catch {
    return false;
  }
}

function text(field: string, input: string, max: number): string {
  const value = input.trim();
  if (!value || value.length > max || CONTROL.test(value)) {
    throw new ValidationError(`${field} must be 1 to ${max} characters, without line breaks`);
  }
  return value;
}

function oneOf<T extends string>(field: string, input: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(input)) {
    throw new ValidationError(`${field} must be one of: ${allowed.join(', ')}`);
  }
  return input as T;
}

/** Days the activity record keeps events; null keeps them forever. */
export function parseRetentionDays(input: number | null): number | null {
  if (input !== null && (!Number.isInteger(input) || input < 1 || input > MAX_RETENTION_DAYS)) {
    throw new ValidationError(
      `activityRetentionDays must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or null to keep events forever`,
    );
  }
  return input;
}
