import type { Store } from '../../store/store.ts';
import type { ApiAuth } from '../../store/tools-store.ts';
import { ValidationError } from '../../lib/errors.ts';
import { assertSecretExists } from '../../secrets/custom-secrets.ts';
import { API_AUTH_KINDS, type ApiAuthKind } from '../../vocabulary/tools.ts';
import { MAX_NAME_CHARS, MAX_PROVIDER_CHARS } from '../../vocabulary/limits.ts';
import { parseHttpUrl } from './http-url.ts';

/** An auth as an admin writes it: the kind's fields, secrets by their custom secret's name. */
export interface ApiAuthInput {
  kind: ApiAuthKind;
  in?: 'header' | 'query' | undefined;
  name?: string | undefined;
  secret?: string | undefined;
  username?: string | undefined;
  tokenUrl?: string | undefined;
  clientId?: string | undefined;
  scope?: string | null | undefined;
  provider?: string | undefined;
  header?: string | undefined;
  scheme?: string | null | undefined;
}

// RFC 9110 §5.6.2: a header name is a token.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
// As SetUserToken stores providers (users/user-credentials.ts).
const PROVIDER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The auth with its secrets checked to exist (never their values). */
export async function parseAuth(store: Store, input: ApiAuthInput): Promise<ApiAuth> {
  const secret = () => assertSecretExists(store, required(input.secret, 'auth.secret'));
  switch (input.kind) {
    case 'none':
      return { kind: 'none' };
    case 'apiKey': {
      const where = input.in ?? 'header';
      if (where !== 'header' && where !== 'query') {
        throw new ValidationError('auth.in must be header or query');
      }
      const name = required(input.name, 'auth.name');
      if (!HEADER_NAME.test(name)) {
        throw new ValidationError(
          `auth.name must be a header or query parameter name such as X-API-Key; "${name}" is not one`,
        );
      }
      return { kind: 'apiKey', in: where, name, secret: await secret() };
    }
    case 'basic': {
      const username = required(input.username, 'auth.username');
      // RFC 7617 §2: the user-id cannot contain a colon.
      if (username.includes(':') || username.length > MAX_NAME_CHARS) {
        throw new ValidationError(
          `auth.username must be at most ${MAX_NAME_CHARS} characters, without ":"`,
        );
      }
      return { kind: 'basic', username, secret: await secret() };
    }
    case 'bearer':
      return { kind: 'bearer', secret: await secret() };
    case 'oauth2ClientCredentials': {
      const clientId = required(input.clientId, 'auth.clientId');
      if (clientId.length > MAX_NAME_CHARS) {
        throw new ValidationError(`auth.clientId must be at most ${MAX_NAME_CHARS} characters`);
      }
      return {
        kind: 'oauth2ClientCredentials',
        tokenUrl: parseHttpUrl(required(input.tokenUrl, 'auth.tokenUrl'), 'auth.tokenUrl', true),
        clientId,
        secret: await secret(),
        scope: input.scope?.trim() || null,
      };
    }
    case 'userToken': {
      const provider = required(input.provider, 'auth.provider');
      if (!PROVIDER.test(provider) || provider.length > MAX_PROVIDER_CHARS) {
        throw new ValidationError('auth.provider must be 1 to 64 letters, digits, ".", "_" or "-"');
      }
      const header = input.header?.trim() || 'Authorization';
      if (!HEADER_NAME.test(header)) {
        throw new ValidationError(`auth.header must be a header name; "${header}" is not one`);
      }
      // Authorization carries a scheme (RFC 9110 §11.4); another header is sent the token alone.
      const scheme =
        input.scheme === undefined
          ? header.toLowerCase() === 'authorization'
            ? 'Bearer'
            : null
          : input.scheme?.trim() || null;
      if (scheme !== null && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/.test(scheme)) {
        throw new ValidationError('auth.scheme must be one word such as Bearer or Token');
      }
      return { kind: 'userToken', provider: provider.toLowerCase(), header, scheme };
    }
    default:
      throw new ValidationError(`auth.kind must be one of ${API_AUTH_KINDS.join(', ')}`);
  }
}

function required(value: string | undefined, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') {
    throw new ValidationError(`${field} is required for this auth kind`);
  }
  return text;
}
