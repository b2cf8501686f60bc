/** What the log shows in place of a value it must not hold. */
export const REDACTED = '[redacted]';

// Query names of the OAuth2 endpoints that carry nothing secret (RFC 6749 §4.1.1 and §4.1.3,
// RFC 7636's method, RFC 7009/7662's hint, AIRisk's userid). There, every other value is
// redacted, whatever its name: the endpoints exist to move secrets.
const SHOWN_OAUTH_PARAMETERS = new Set(
  [
    'response_type',
    'client_id',
    'redirect_uri',
    'response_uri',
    'scope',
    'state',
    'userid',
    'code_challenge_method',
    'grant_type',
    'token_type_hint',
  ].map(normalizedName),
);

// A name containing one of these carries a credential, in a query string or as a log key.
const SECRET_NAME_PART =
  /secret|token|passw|authoriz|cookie|credential|assertion|verifier|apikey|privatekey|session|signature|csrf|recoverycode|totp/;
// Short names that do too, matched whole: `key` as Google's APIs take it, `sig` in signed URLs.
const SECRET_NAMES = new Set(['key', 'pwd', 'auth', 'sig']);

/** Whether a logged object's key names a credential: `Authorization`, `client_secret`, `apiKey`… */
export function isSecretKey(key: string): boolean {
  return isSecretName(normalizedName(key));
}

function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name) || SECRET_NAME_PART.test(name);
}

// Outside the OAuth2 endpoints, a query value is shown unless its name says it is a secret.
// `code` counts in queries only: there it is an OAuth2 code, as a log key an error code.
function isShownQueryName(name: string, isOAuth: boolean): boolean {
  return isOAuth ? SHOWN_OAUTH_PARAMETERS.has(name) : name !== 'code' && !isSecretName(name);
}

/**
 * A name as a lenient server reads it, so that no spelling slips past: percent-decoded (twice,
 * for double encoding), without `[]`/`[0]`, lower-case, letters and digits only
 * (`Client%5FSecret[]` and `client-secret` are `clientsecret`).
 */
function normalizedName(name: string): string {
  return percentDecoded(percentDecoded(name))
    .replace(/\[[^[\]]*\]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// decodeURIComponent throws on a malformed sequence; this never does (bad UTF-8 becomes U+FFFD).
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) =>
    Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'),
  );
}

function isOAuthPath(path: string): boolean {
  return /\/api\/oauth2(?:\/|$)/i.test(percentDecoded(path));
}

// A name the log may show beside a redacted value; any other (a secret sent as a name, or one
// with an encoded `=` in it) is redacted too.
const PLAIN_NAME = /^[\w.[\]-]{0,40}$/;

/**
 * One parameter (`name=value`, or a bare name) as the log shows it. Splitting the query on `;`
 * as well as `&` makes `&amp;client_secret=…` a parameter named `client_secret`.
 */
function loggedParameter(parameter: string, isOAuth: boolean): string {
  const equals = parameter.indexOf('=');
  const rawName = equals === -1 ? parameter : parameter.slice(0, equals);
  const name = normalizedName(rawName);
  const isPlain = PLAIN_NAME.test(percentDecoded(rawName));
  if (isShownQueryName(name, isOAuth) || (equals === -1 && isPlain)) {
    return parameter;
  }
  const shownName = isPlain ? rawName : REDACTED;
  return equals === -1 ? shownName : `${shownName}=${REDACTED}`;
}

/**
 * Every URL in a text (a request's, or one quoted in a message) with the query values the log
 * must not hold redacted. Splits on whitespace rather than matching URLs with a pattern, which
 * would backtrack over a long path: time stays linear in the text.
 */
export function redactUrls(text: string): string {
  if (!text.includes('?')) {
    return text;
  }
  return text
    .split(/(\s+)/)
    .map((word) => {
      const at = word.indexOf('?');
      if (at === -1) {
        return word;
      }
      const isOAuth = isOAuthPath(word.slice(0, at));
      const query = word
        .slice(at + 1)
        .split(/([&;])/)
        .map((part) => (part === '&' || part === ';' ? part : loggedParameter(part, isOAuth)));
      return `${word.slice(0, at + 1)}${query.join('')}`;
    })
    .join('');
}
