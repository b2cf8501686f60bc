/**
 * The closed set of non-OAuth domain errors. The domain throws them; `http/errors.ts` alone
 * decides their HTTP status.
 */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

export class ValidationError extends Error {
  override readonly name = 'ValidationError';
}

/** No valid credentials: a wrong password or code, or no live session (401). */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}

/** A valid principal that may not do this; `requiredRole` names what it lacks, when a role. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
  constructor(
    message: string,
    readonly requiredRole?: string,
  ) {
    super(message);
  }
}

/** A request refused for now, not for what it holds: it may be sent again after a while. */
abstract class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * Which budget a TooManyRequestsError spent (the metrics count refusals by it): an OAuth2 limit
 * per address or per client, failed sign-ins or reset requests from an address, or an account
 * whose password sign-in is locked.
 */
export type TooManyRequestsReason =
  'oauth_address' | 'oauth_client' | 'sign_in_address' | 'password_reset' | 'account_locked';

/** Too many requests from one client or address; retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends RetryLaterError {
  override readonly name = 'TooManyRequestsError';
  constructor(
    message: string,
    retryAfterSeconds: number,
    readonly reason: TooManyRequestsReason,
  ) {
    super(message, retryAfterSeconds);
  }
}

/** An upload of a kind the server does not accept (415); the message names what is accepted. */
export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
}

/** An upload over the size limit (413); the message names the limit. */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

/**
 * A file of a supported kind whose reading passed a limit (time, memory, characters) and was
 * stopped (422); the message names the file, the limit, and what to do instead.
 */
export class UnreadableWithinLimitsError extends Error {
  override readonly name = 'UnreadableWithinLimitsError';
}

/** The server is too busy to take this request (503); retry after `retryAfterSeconds`. */
export class ServiceUnavailableError extends RetryLaterError {
  override readonly name = 'ServiceUnavailableError';
}

/**
 * A text the company's scanners refused (422): the message and the fields name the scanners and
 * the kinds of finding, never the matched text.
 */
export class ScanBlockedError extends Error {
  override readonly name = 'ScanBlockedError';
  constructor(
    message: string,
    readonly scanners: readonly string[],
    readonly findingTypes: readonly string[],
    /** What they found in words ("Banned topic: Budget"), each once: labels, never the text. */
    readonly findings: readonly string[],
  ) {
    super(message);
  }
}
