import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { OAuthError, type OAuthErrorCode } from '../oauth/oauth-error.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnreadableWithinLimitsError,
  UnsupportedMediaTypeError,
  ValidationError,
  ScanBlockedError,
  UnauthenticatedError,
} from '../lib/errors.ts';
import { LinkError } from '../accounts/links.ts';
import { CSRF_PROBLEM_TYPE, CsrfError } from './session-guard.ts';
import { EngineError, type EngineErrorKind } from '../chat/engines/engine.ts';
import { MailError } from '../mail/mail-error.ts';
import { problem, type Problem } from './problem.ts';
import { describeValidation } from './validation-message.ts';
import { MAX_PATH_SEGMENT_CHARS } from '../vocabulary/limits.ts';
import { BudgetExceededError } from '../usage/budget-exceeded.ts';
import { isoTime } from '../lib/iso-time.ts';

interface Mapped {
  status: number;
  detail: string;
  /** A problem type of ours, with its extension members (RFC 9457 §3.2). */
  type?: string;
  extensions?: Record<string, unknown>;
  oauthError?: OAuthErrorCode;
  headers?: Record<string, string>;
}

const OAUTH_STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_response_type: 400,
  access_denied: 403,
  invalid_token: 401,
  insufficient_scope: 403,
  // Only ever sent in an authorization redirect; 401 should one reach a response.
  login_required: 401,
};

const REALM = 'realm="airisk"';

/** The problem type of a text the company's scanners blocked (a tag URI: RFC 4151). */
export const SCAN_BLOCKED_TYPE = 'tag:airisk.dev,2026:problem:scanner-blocked';

/** The problem type of a turn refused by a used-up hard budget. */
export const BUDGET_EXCEEDED_TYPE = 'tag:airisk.dev,2026:problem:budget-exceeded';

const ENGINE_STATUS: Record<EngineErrorKind, number> = {
  unavailable: 502,
  timeout: 504,
  'rate-limited': 429,
};

// Fastify's client errors whose own message does not say what to do (or quotes the whole path).
const FASTIFY_ERROR_ADVICE: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL path is not valid: a % must start a percent-encoded byte, such as %20',
  FST_ERR_MAX_PARAM_LENGTH: `A path segment is longer than ${MAX_PATH_SEGMENT_CHARS} characters; send long values in the body`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'Send the body as application/json or application/x-www-form-urlencoded (files as multipart/form-data)',
  FST_ERR_CTP_INVALID_JSON_BODY:
    'The body is not valid JSON: check its quotes, commas and brackets, or send it form-encoded',
};

/** THE table from error to HTTP status, headers and problem details. */
function mapError(error: unknown, request: FastifyRequest): Mapped {
  if (error instanceof OAuthError) {
    return {
      status: OAUTH_STATUS[error.code],
      detail: error.description,
      oauthError: error.code,
      headers: oauthHeaders(error),
    };
  }
  if (error instanceof NotFoundError) {
    return { status: 404, detail: error.message };
  }
  if (error instanceof ConflictError) {
    return { status: 409, detail: error.message };
  }
  if (error instanceof ValidationError) {
    return { status: 400, detail: error.message, oauthError: 'invalid_request' };
  }
  if (error instanceof ForbiddenError) {
    return { status: 403, detail: error.message };
  }
  if (error instanceof UnauthenticatedError) {
    return { status: 401, detail: error.message };
  }
  if (error instanceof CsrfError) {
    return { status: 403, detail: error.message, type: CSRF_PROBLEM_TYPE };
  }
  // RFC 9110 §15.5.11: an expired or used link is gone for good; an unknown one was never here.
  if (error instanceof LinkError) {
    return { status: error.reason === 'unknown' ? 404 : 410, detail: error.message };
  }
  if (error instanceof PayloadTooLargeError) {
    return { status: 413, detail: error.message };
  }
  if (error instanceof UnsupportedMediaTypeError) {
    return { status: 415, detail: error.message };
  }
  if (error instanceof ScanBlockedError) {
    return {
      status: 422,
      detail: error.message,
      type: SCAN_BLOCKED_TYPE,
      extensions: {
        scanners: error.scanners,
        findingTypes: error.findingTypes,
        findings: error.findings,
      },
    };
  }
  if (error instanceof UnreadableWithinLimitsError) {
    return { status: 422, detail: error.message };
  }
  // The mail server, not the request, failed: a gateway error whose detail says what to check.
  if (error instanceof MailError) {
    return { status: 502, detail: error.message };
  }
  if (error instanceof EngineError) {
    return {
      status: ENGINE_STATUS[error.kind],
      detail: error.message,
      ...(error.retryAfterSeconds !== undefined && {
        headers: retryAfter(error.retryAfterSeconds),
      }),
    };
  }
  if (error instanceof BudgetExceededError) {
    const { budget } = error;
    return {
      status: 429,
      detail: error.message,
      type: BUDGET_EXCEEDED_TYPE,
      extensions: {
        budget: {
          id: budget.id,
          scope: budget.scope,
          targetId: budget.targetId,
          period: budget.period,
          metric: budget.metric,
          limit: budget.limit,
          spent: budget.spent,
        },
        resetsAt: isoTime(budget.resetsAt),
      },
      headers: retryAfter(error.retryAfterSeconds),
    };
  }
  if (error instanceof TooManyRequestsError) {
    return { status: 429, detail: error.message, headers: retryAfter(error.retryAfterSeconds) };
  }
  if (error instanceof ServiceUnavailableError) {
    return { status: 503, detail: error.message, headers: retryAfter(error.retryAfterSeconds) };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    return {
      status: 400,
      detail: describeValidation(fastifyError as FastifyError, isFormBody(request)),
      oauthError: 'invalid_request',
    };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors (bad JSON, media type, body size) carry safe messages.
    const detail = FASTIFY_ERROR_ADVICE[fastifyError.code ?? ''] ?? fastifyError.message;
    return { status, detail: detail ?? 'Bad request', oauthError: 'invalid_request' };
  }
  return {
    status: 500,
    detail: 'An unexpected error occurred; quote the traceId when reporting it',
  };
}

// RFC 9110 §10.2.3: whole seconds; 0 would invite an immediate retry of what was just refused.
function retryAfter(seconds: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(seconds))) };
}

// Query strings and form bodies can name a parameter twice, which reaches validation as a list.
function isFormBody(request: FastifyRequest): boolean {
  return request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ?? false;
}

function oauthHeaders(error: OAuthError): Record<string, string> | undefined {
  const description = error.description.replace(/["\\]/g, '');
  switch (error.code) {
    case 'invalid_client':
      return error.usedBasicAuth ? { 'www-authenticate': `Basic ${REALM}` } : undefined;
    case 'invalid_token':
    case 'insufficient_scope':
      return {
        'www-authenticate': `Bearer ${REALM}, error="${error.code}", error_description="${description}"`,
      };
    case 'invalid_request':
    case 'invalid_grant':
    case 'unauthorized_client':
    case 'unsupported_grant_type':
    case 'unsupported_response_type':
    case 'access_denied':
    case 'login_required':
      return undefined;
  }
}

function isOAuthPath(request: FastifyRequest): boolean {
  return /^\/api\/oauth2(\/|$|\?)/i.test(request.url);
}

/** How an OAuth2 endpoint answers an error, by the request's Accept (spec §3 decision, turn 2). */
type OAuthErrorForm = 'original' | 'json' | 'problem';

// The first wins a tie, so no Accept, */*, text/* and text/plain all get the original's form.
const OAUTH_ERROR_MEDIA_TYPES = ['text/plain', 'application/json', 'application/problem+json'];

function oauthErrorForm(request: FastifyRequest): OAuthErrorForm {
  const preferred = new Negotiator(request).mediaType(OAUTH_ERROR_MEDIA_TYPES);
  if (preferred === 'application/json') {
    return 'json';
  }
  return preferred === 'application/problem+json' ? 'problem' : 'original';
}

/**
 * Outside /api/oauth2, RFC 9457 problem details. On the OAuth2 endpoints the original server's
 * answers by default (curl, Python requests): a 400 is its bare text as text/plain, any other
 * status problem details. A client that prefers application/json (stock OAuth2 libraries, RFC
 * 6749 §5.2) gets the same problem details as application/json; each carries error and
 * error_description.
 */
function send(request: FastifyRequest, reply: FastifyReply, mapped: Mapped): FastifyReply {
  reply.code(mapped.status).headers(mapped.headers ?? {});
  const body: Problem = withType(problem(mapped.status, String(request.id), mapped.detail), mapped);
  if (!isOAuthPath(request)) {
    return reply.type('application/problem+json; charset=utf-8').send(body);
  }
  const form = oauthErrorForm(request);
  if (form === 'original' && mapped.status === 400) {
    return reply.type('text/plain; charset=utf-8').send(mapped.detail);
  }
  if (mapped.oauthError) {
    body.error = mapped.oauthError;
    body.error_description = mapped.detail;
  }
  const mediaType = form === 'json' ? 'application/json' : 'application/problem+json';
  return reply.type(`${mediaType}; charset=utf-8`).send(body);
}

function withType(body: Problem, { type, extensions }: Mapped): Problem {
  return type ? { ...body, type, ...extensions } : body;
}

/** The problem details an error would be answered with, for errors met mid-stream (SSE). */
export function problemFor(request: FastifyRequest, error: unknown): Problem {
  const mapped = mapError(error, request);
  logFailure(request, error, mapped.status);
  return withType(problem(mapped.status, String(request.id), mapped.detail), mapped);
}

/**
 * Our faults are errors with their stack; a provider's failing, or a full queue, is a warning
 * that names it.
 */
function logFailure(request: FastifyRequest, error: unknown, status: number): void {
  if (error instanceof EngineError) {
    request.log.warn({ engine: error.engine, kind: error.kind }, error.message);
  } else if (error instanceof ServiceUnavailableError || error instanceof MailError) {
    request.log.warn(error.message);
  } else if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
  }
}

/**
 * Fastify's `frameworkErrors`: the router's own refusals answered as every other error is (they
 * would otherwise be Fastify's JSON, quoting the whole path).
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const mapped = mapError(error, request);
  logFailure(request, error, mapped.status);
  void send(request, reply, mapped);
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const mapped = mapError(error, request);
    logFailure(request, error, mapped.status);
    return send(request, reply, mapped);
  });
  app.setNotFoundHandler((request, reply) =>
    send(request, reply, {
      status: 404,
      detail: `No endpoint ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
}
