import type { ToolDeps } from '../tool-deps.ts';
import type { CustomApiRecord } from '../../store/tools-store.ts';
import type { OutboundRequest } from '../outbound/send-once.ts';
import type { ToolCallContext } from '../agent-tool.ts';
import { useSecret } from '../../secrets/custom-secrets.ts';
import { decryptWithMasterKey } from '../../lib/encryption.ts';
import { clientCredentialsToken } from './oauth-tokens.ts';

/** The credentials added, kept to scrub them from whatever comes back; or why there are none. */
export type Authenticated = { ok: true; secrets: string[] } | { ok: false; error: string };

/**
 * Adds the API's credentials to the request (headers, or the query for an apiKey there). Secret
 * uses are audited (useSecret); a user's own token is read for the user who chats.
 */
export async function authenticate(
  deps: ToolDeps,
  api: CustomApiRecord,
  request: OutboundRequest,
  context: ToolCallContext,
): Promise<Authenticated> {
  const { auth } = api;
  const secret = (name: string) =>
    useSecret(deps, name, { userId: context.userId, tool: api.name });
  switch (auth.kind) {
    case 'none':
      return { ok: true, secrets: [] };
    case 'apiKey': {
      const key = await secret(auth.secret);
      if (auth.in === 'query') {
        request.url.searchParams.set(auth.name, key);
      } else {
        request.headers[auth.name.toLowerCase()] = key;
      }
      return { ok: true, secrets: [key] };
    }
    case 'basic': {
      const password = await secret(auth.secret);
      const encoded = Buffer.from(`${auth.username}:${password}`, 'utf8').toString('base64');
      request.headers.authorization = `Basic ${encoded}`;
      return { ok: true, secrets: [password, encoded] };
    }
    case 'bearer': {
      const token = await secret(auth.secret);
      request.headers.authorization = `Bearer ${token}`;
      return { ok: true, secrets: [token] };
    }
    case 'oauth2ClientCredentials': {
      const token = await clientCredentialsToken(deps, {
        api,
        auth,
        userId: context.userId,
        signal: context.signal,
      });
      request.headers.authorization = `Bearer ${token}`;
      return { ok: true, secrets: [token] };
    }
    case 'userToken': {
      const sealed = await deps.store.credentials.findSecret(context.userId, auth.provider);
      if (sealed === undefined) {
        return {
          ok: false,
          error: `This API acts as the user, with the user's own "${auth.provider}" token, and the user has none: ask them to set it (POST /api/Users/SetUserToken {"userId":"${context.userId}","provider":"${auth.provider}","token":"…"}) and ask again`,
        };
      }
      const token = decryptWithMasterKey(deps.masterKey, sealed);
      request.headers[auth.header.toLowerCase()] = auth.scheme ? `${auth.scheme} ${token}` : token;
      return { ok: true, secrets: [token] };
    }
  }
}
