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
