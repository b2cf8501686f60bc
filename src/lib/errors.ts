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

/** Too many requests from one client or address; retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
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
