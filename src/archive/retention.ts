import { ValidationError } from '../lib/errors.ts';

/** The longest retention one may set: a century, beyond which "never" (null) is meant. */
export const MAX_ARCHIVE_DAYS = 36_500;

export const SECONDS_PER_DAY = 86_400;

/**
 * Days after its last activity a conversation is archived (the company's setting, or an
 * agent's own); null: never (the company's), or the company's (an agent's).
 */
export function parseArchiveAfterDays(input: number | null): number | null {
  if (input !== null && (!Number.isInteger(input) || input < 1 || input > MAX_ARCHIVE_DAYS)) {
    throw new ValidationError(
      `archiveAfterDays must be a whole number of days from 1 to ${MAX_ARCHIVE_DAYS}, or null`,
    );
  }
  return input;
}
