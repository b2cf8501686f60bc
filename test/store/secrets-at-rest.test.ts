import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type ClientWithSecret } from '../../src/clients/clients.ts';
import { createUser } from '../../src/users/users.ts';
import { appWithRawRows } from '../helpers/raw-database.ts';
import { exchangeCode, getCode } from '../helpers/oauth-flow.ts';
import { REDIRECT_URI, type TestApp } from '../helpers/test-app.ts';

// Secrets are hashed (client secrets, codes) or encrypted (signing keys) at rest: whoever reads
// the database learns none of them.

const TABLES = [
  'api_clients',
  'authorization_codes',
  'issued_tokens',
  'signing_keys',
  'audit_events',
];

describe('what the database holds', () => {
  let t: TestApp;
  let rows: (table: string) => Promise<Record<string, unknown>[]>;
  let credentials: ClientWithSecret;

  beforeEach(async () => {
    ({ t, rows } = await appWithRawRows());
    credentials = await createClient(t, { name: 'App', redirectUris: [REDIRECT_URI] });
  });
  afterEach(() => t.close());

  async function everything(): Promise<string> {
    const dumps = await Promise.all(TABLES.map(async (table) => JSON.stringify(await rows(table))));
    return dumps.join('\n');
  }

  it('holds no client secret, code or access token, only their hashes', async () => {
    const user = await createUser(t, { email: 'ada@example.com', name: 'Ada', id: 'user_42' });
    const code = await getCode(t, credentials, { userid: user.id });
    const response = await exchangeCode(t, credentials, code, { userid: user.id });
    expect(response.statusCode, response.body).toBe(200);
    const accessToken = response.json<{ access_token: string }>().access_token;

    const stored = await everything();
    expect(stored).toContain(credentials.client.id);
    for (const secret of [credentials.clientSecret, code, accessToken]) {
      expect(stored).not.toContain(secret);
    }
    // The tables did get the rows, so the absence above means something.
    expect(await rows('authorization_codes')).toHaveLength(1);
    expect(await rows('issued_tokens')).toHaveLength(1);
  });

  it('holds the signing key only encrypted: no private JWK member is readable', async () => {
    const [key] = await rows('signing_keys');
    expect(key).toBeDefined();
    const publicJwk = JSON.parse(String(key?.public_jwk)) as Record<string, unknown>;
    expect(publicJwk.d).toBeUndefined();
    const sealed = String(key?.private_jwk_encrypted);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain('"d"');
    expect(sealed).not.toContain(String(publicJwk.x));
  });
});
