import { describe, expect, it } from 'vitest';
import {
  parseRedirectUris,
  redirectUriWarnings,
} from '../../web/src/features/clients/redirect-uris.ts';

// The API clients page warns about a redirect URI before the server is asked (RFC 8252, 9700).

describe('the redirect URIs an admin types', () => {
  it('are one per line or comma-separated, trimmed, each once', () => {
    expect(
      parseRedirectUris(' https://a.example/cb \n\nhttps://b.example/cb,https://a.example/cb'),
    ).toEqual(['https://a.example/cb', 'https://b.example/cb']);
  });

  it('pass as https or as http on a loopback IP', () => {
    expect(
      redirectUriWarnings([
        'https://app.example/cb',
        'http://127.0.0.1/cb',
        'http://[::1]:8765/cb',
      ]),
    ).toEqual([]);
  });

  it('are warned about, each in its own words, when not absolute, with a fragment, or plain http', () => {
    const [relative, fragment, localhost, plain] = redirectUriWarnings([
      '/callback',
      'https://app.example/cb#x',
      'http://localhost:3000/cb',
      'http://app.example/cb',
    ]);
    expect(relative).toMatch(/not an absolute URI/);
    expect(fragment).toMatch(/fragment/);
    expect(localhost).toMatch(/use http:\/\/127\.0\.0\.1 .* rather than localhost/);
    expect(plain).toMatch(/not encrypted: use https/);
  });
});
