/**
 * RFC 6749 §4.1.2.1 and §5.2 error codes, RFC 6750's bearer-token codes, and OpenID Connect's
 * login_required (the web app's silent authorization found no signed-in person).
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'access_denied'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'login_required';

/** An OAuth error with its RFC code; `http/errors.ts` decides the status and headers. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** The client authenticated with HTTP Basic, so the answer carries `WWW-Authenticate: Basic`. */
    readonly usedBasicAuth = false,
  ) {
    super(description);
  }

  static invalidRequest(description: string): OAuthError {
    return new OAuthError('invalid_request', description);
  }

  static invalidClient(description: string, usedBasicAuth = false): OAuthError {
    return new OAuthError('invalid_client', description, usedBasicAuth);
  }

  /** The original server's one answer for every bad code, so nothing leaks about why. */
  static invalidGrant(): OAuthError {
    return new OAuthError('invalid_grant', 'Invalid Code');
  }

  static unsupportedGrantType(grantType: string): OAuthError {
    return new OAuthError(
      'unsupported_grant_type',
      `grant_type "${grantType}" is not supported: use authorization_code`,
    );
  }

  static unsupportedResponseType(responseType: string): OAuthError {
    return new OAuthError(
      'unsupported_response_type',
      `response_type "${responseType}" is not supported: use code`,
    );
  }

  static accessDenied(description: string): OAuthError {
    return new OAuthError('access_denied', description);
  }

  static loginRequired(description: string): OAuthError {
    return new OAuthError('login_required', description);
  }

  static invalidToken(description: string): OAuthError {
    return new OAuthError('invalid_token', description);
  }

  static insufficientScope(description: string): OAuthError {
    return new OAuthError('insufficient_scope', description);
  }
}
