import { ValidationError } from '../lib/errors.ts';
import { isRole, type Role } from './roles.ts';

// Deliberately loose: one "@", no spaces, a dot in the domain. Deliverability is not our concern.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Ids appear in URL paths and token claims: printable, no slashes or spaces.
const USER_ID = /^[A-Za-z0-9._~@-]{1,128}$/;

export function parseEmail(input: string): string {
  const email = input.trim();
  if (!EMAIL.test(email) || email.length > 254) {
    throw new ValidationError(`"${input}" is not a valid email address`);
  }
  return email;
}

export function parseName(input: string, what = 'name'): string {
  const name = input.trim();
  if (!name || name.length > 200) {
    throw new ValidationError(`${what} must be 1 to 200 characters`);
  }
  return name;
}

export function parseUserId(input: string): string {
  if (!USER_ID.test(input)) {
    throw new ValidationError('id must be 1 to 128 characters of letters, digits and . _ ~ @ -');
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

export interface PageInput {
  results?: number | undefined;
  skip?: number | undefined;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

/** `results`/`skip` as the AIRisk lists take them: `skip = (page - 1) * results`. */
export function parsePage(input: PageInput): { limit: number; offset: number } {
  const limit = input.results ?? DEFAULT_PAGE_SIZE;
  const offset = input.skip ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`results must be a whole number from 0 to ${MAX_PAGE_SIZE}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ValidationError('skip must be a whole number of 0 or more');
  }
  return { limit, offset };
}
