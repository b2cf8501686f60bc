import type { AuthKind } from './tool-words.ts';
import type { DraftErrors } from './api-draft.ts';

// The custom API form's authentication: every kind's fields at once (switching the kind back and
// forth loses nothing), their problems, and the `auth` the API takes (the chosen kind's only).

export interface AuthDraft {
  kind: AuthKind;
  keyIn: 'header' | 'query';
  keyName: string;
  username: string;
  /** The custom secret's name (apiKey, basic, bearer, OAuth2). */
  secret: string;
  tokenUrl: string;
  clientId: string;
  scope: string;
  provider: string;
  header: string;
  scheme: string;
}

/** What the API stores of the auth (ApiAuth); `secret` names a custom secret. */
export type ApiAuth =
  | { kind: 'none' }
  | { kind: 'apiKey'; in: 'header' | 'query'; name: string; secret: string }
  | { kind: 'basic'; username: string; secret: string }
  | { kind: 'bearer'; secret: string }
  | {
      kind: 'oauth2ClientCredentials';
      tokenUrl: string;
      clientId: string;
      secret: string;
      scope: string | null;
    }
  | { kind: 'userToken'; provider: string; header: string; scheme: string | null };

/** No auth, with the usual names ready should the admin pick a kind that needs them. */
export const NO_AUTH: AuthDraft = {
  kind: 'none',
  keyIn: 'header',
  keyName: 'X-API-Key',
  username: '',
  secret: '',
  tokenUrl: '',
  clientId: '',
  scope: '',
  provider: '',
  header: 'Authorization',
  scheme: 'Bearer',
};

/** A saved API's auth, as the form shows it. */
export function authDraftOf(auth: ApiAuth): AuthDraft {
  switch (auth.kind) {
    case 'none':
      return NO_AUTH;
    case 'apiKey':
      return {
        ...NO_AUTH,
        kind: auth.kind,
        keyIn: auth.in,
        keyName: auth.name,
        secret: auth.secret,
      };
    case 'basic':
      return { ...NO_AUTH, kind: auth.kind, username: auth.username, secret: auth.secret };
    case 'bearer':
      return { ...NO_AUTH, kind: auth.kind, secret: auth.secret };
    case 'oauth2ClientCredentials':
      return {
        ...NO_AUTH,
        kind: auth.kind,
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        secret: auth.secret,
        scope: auth.scope ?? '',
      };
    case 'userToken':
      return {
        ...NO_AUTH,
        kind: auth.kind,
        provider: auth.provider,
        header: auth.header,
        scheme: auth.scheme ?? '',
      };
  }
}

/** What is wrong with the auth fields, by field (`auth.secret`…). */
export function authErrors(auth: AuthDraft): DraftErrors {
  const errors: DraftErrors = {};
  const needSecret = ['apiKey', 'basic', 'bearer', 'oauth2ClientCredentials'].includes(auth.kind);
  if (needSecret && !auth.secret) {
    errors['auth.secret'] = 'Choose the custom secret that holds it.';
  }
  if (auth.kind === 'apiKey' && !auth.keyName.trim()) {
    errors['auth.keyName'] =
      `Name the ${auth.keyIn === 'header' ? 'header' : 'query parameter'} the key goes in.`;
  }
  if (auth.kind === 'basic' && !auth.username.trim()) {
    errors['auth.username'] = 'Give the username.';
  }
  if (auth.kind === 'oauth2ClientCredentials') {
    if (!isHttpUrl(auth.tokenUrl.trim())) {
      errors['auth.tokenUrl'] = "The authorization server's token endpoint, an https:// address.";
    }
    if (!auth.clientId.trim()) {
      errors['auth.clientId'] = 'Give the client ID.';
    }
  }
  if (auth.kind === 'userToken' && !auth.provider.trim()) {
    errors['auth.provider'] = 'Name the provider the users set their token for.';
  }
  return errors;
}

/** An absolute http(s) URL with a host. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The auth fields of the kind chosen (the others' are left out). */
export function authInputOf(auth: AuthDraft): ApiAuth {
  switch (auth.kind) {
    case 'none':
      return { kind: 'none' };
    case 'apiKey':
      return { kind: 'apiKey', in: auth.keyIn, name: auth.keyName.trim(), secret: auth.secret };
    case 'basic':
      return { kind: 'basic', username: auth.username.trim(), secret: auth.secret };
    case 'bearer':
      return { kind: 'bearer', secret: auth.secret };
    case 'oauth2ClientCredentials':
      return {
        kind: 'oauth2ClientCredentials',
        tokenUrl: auth.tokenUrl.trim(),
        clientId: auth.clientId.trim(),
        secret: auth.secret,
        scope: auth.scope.trim() || null,
      };
    case 'userToken':
      return {
        kind: 'userToken',
        provider: auth.provider.trim(),
        header: auth.header.trim() || 'Authorization',
        scheme: auth.scheme.trim() || null,
      };
  }
}
