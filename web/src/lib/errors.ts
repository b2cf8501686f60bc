import { ApiError } from './api.ts';
import { SignInRequiredError } from './auth-token.ts';

/**
 * What to tell the person about a failed call: `byStatus` gives the page's own words for the
 * statuses it expects; otherwise the server's problem detail, or a generic next step.
 */
export function errorMessage(error: unknown, byStatus: { [status: number]: string } = {}): string {
  if (error instanceof SignInRequiredError) {
    return error.message;
  }
  if (error instanceof ApiError) {
    const own = byStatus[error.status];
    if (own) {
      return own;
    }
    if (error.status === 429) {
      return `Too many attempts. Wait ${waitText(error.retryAfterSeconds)} and try again.`;
    }
    if (error.status >= 500) {
      return 'The server could not do this just now. Try again in a moment; if it keeps failing, tell your administrator.';
    }
    return error.message;
  }
  if (error instanceof TypeError) {
    return 'The server could not be reached. Check your connection and try again.';
  }
  return error instanceof Error ? error.message : String(error);
}

function waitText(seconds: number | undefined): string {
  if (!seconds) {
    return 'a few minutes';
  }
  if (seconds < 90) {
    return `${seconds} seconds`;
  }
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** A 400 whose detail is about the password (the strength policy): shown under that field. */
export function passwordVerdict(error: unknown): string | undefined {
  return error instanceof ApiError && error.status === 400 && /password/i.test(error.message)
    ? error.message
    : undefined;
}
