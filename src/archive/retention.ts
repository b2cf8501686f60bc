import { ValidationError } from '../lib/errors.ts';

import { MAX_RETENTION_DAYS } from '../vocabulary/limits.ts';

/**
 * Days after its last activity a conversation is archived (the company's setting, or an
 * agent's own); null: never (the company's), or the company's (an agent's).
 */
export function parseArchiveAfterDays(input: number | null): number | null {
  if (input !== null && (!Number.isInteger(input) || input < 1 || input > MAX_RETENTION_DAYS)) {
    throw new ValidationError(
      `archiveAfterDays must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or null`,
    );
  }
  return input;
}
