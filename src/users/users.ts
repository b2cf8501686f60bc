import type { Clock } from '../lib/clock.ts';
import type { Store, UserRecord } from '../store/store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { isRole, type Role } from './roles.ts';

export interface UsersDeps {
  store: Store;
  clock: Clock;
}

export interface CreateUserInput {
  email: string;
  name: string;
  id?: string | undefined;
  roles?: readonly string[] | undefined;
}

export interface ListUsersInput {
  results?: number | undefined;
  skip?: number | undefined;
  search?: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

// Deliberately loose: one "@", no spaces, a dot in the domain. Deliverability is not our concern.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Ids appear in URL paths and token claims: printable, no slashes or spaces.
const USER_ID = /^[A-Za-z0-9._~@-]{1,128}$/;

export async function createUser(
  { store, clock }: UsersDeps,
  input: CreateUserInput,
): Promise<UserRecord> {
  const email = input.email.trim();
  const name = input.name.trim();
  if (!EMAIL.test(email) || email.length > 254) {
    throw new ValidationError(`"${input.email}" is not a valid email address`);
  }
  if (!name || name.length > 200) {
    throw new ValidationError('name must be 1 to 200 characters');
  }
  if (input.id !== undefined && !USER_ID.test(input.id)) {
    throw new ValidationError('id must be 1 to 128 characters of letters, digits and . _ ~ @ -');
  }
  const user: UserRecord = {
    id: input.id ?? generateId(),
    email,
    name,
    roles: parseRoles(input.roles ?? ['User']),
    createdAt: clock.nowSeconds(),
  };
  await store.users.insert(user);
  return user;
}

export async function listUsers(
  { store }: UsersDeps,
  input: ListUsersInput,
): Promise<UserRecord[]> {
  const limit = input.results ?? DEFAULT_PAGE_SIZE;
  const offset = input.skip ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`results must be a whole number from 0 to ${MAX_PAGE_SIZE}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ValidationError('skip must be a whole number of 0 or more');
  }
  return limit === 0 ? [] : store.users.list({ limit, offset, search: input.search?.trim() });
}

/** Deletes the user; its codes and tokens go with it, so its tokens stop working at once. */
export async function deleteUser({ store }: UsersDeps, userId: string): Promise<void> {
  if (!(await store.users.remove(userId))) {
    throw new NotFoundError(`No user with id "${userId}"`);
  }
}

function parseRoles(roles: readonly string[]): Role[] {
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown role "${unknown[0]}": roles are CompanyAdmin, User, Monitor, Compliance`,
    );
  }
  return [...new Set(roles as Role[])];
}
