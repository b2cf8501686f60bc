import { ValidationError } from '../lib/errors.ts';
import { MAX_EMAIL_CHARS, MAX_ID_CHARS, MAX_NAME_CHARS } from '../vocabulary/limits.ts';
import { isRole, type Role } from '../vocabulary/roles.ts';

// Deliberately loose: one "@", no spaces, a dot in the domain. Deliverability is not our concern.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Ids appear in URL paths and token claims: printable, no slashes or spaces.
const USER_ID = new RegExp(`^[A-Za-z0-9._~@-]{1,${MAX_ID_CHARS}}$`);

export function parseEmail(input: string): string {
  const email = input.trim();
  if (!EMAIL.test(email) || email.length > MAX_EMAIL_CHARS) {
    throw new ValidationError(`"${input}" is not a valid email address`);
  }
  return email;
}

export function parseName(input: string, what = 'name'): string {
  const name = input.trim();
  if (!name || name.length > MAX_NAME_CHARS) {
    throw new ValidationError(`${what} must be 1 to ${MAX_NAME_CHARS} characters`);
  }
  return name;
}

export function parseUserId(input: string): string {
  if (!USER_ID.test(input)) {
    throw new ValidationError(
      `id must be 1 to ${MAX_ID_CHARS} characters of letters, digits and . _ ~ @ -`,
    );
  }
  return input;
}

export function parseRoles(roles: readonly string[]): Role[] {
  const unknown = roles.find((role) => !isRole(role));
  if (unknown !== undefined) {
    throw new ValidationError(
      `Unknown role "${unknown}": roles are CompanyAdmin, User, Monitor, Compliance`,
    );
  }
  return [...new Set(roles as Role[])];
}
