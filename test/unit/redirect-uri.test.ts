import { describe, expect, it } from 'vitest';
import {
  matchesRegisteredRedirectUri,
  parseRegisteredRedirectUris,
} from '../../src/oauth/redirect-uri.ts';
import { ValidationError } from '../../src/lib/errors.ts';

// Spec §2: exact string comparison (RFC 9700 §4.1.3), with the RFC 8252 §7.3 exception that a
// loopback IP redirect URI matches any port, whatever port it was registered with.

describe('matchesRegisteredRedirectUri', () => {
  const registered = ['https://app.example.com/callback', 'https://app.example.com/cb?x=1'];

  it.each([
    ['https://app.example.com/callback', true],
    ['https://app.example.com/cb?x=1', true],
    ['https://app.example.com/callback/', false],
    ['https://app.example.com/Callback', false],
    ['https://APP.example.com/callback', false],
    ['https://app.example.com/callback?x=1', false],
    ['https://app.example.com/cb?x=1&y=2', false],
    ['https://app.example.com/cb', false],
    ['http://app.example.com/callback', false],
    ['https://app.example.com:443/callback', false],
    ['https://app.example.com/callback#frag', false],
    ['https://app.example.com.evil.test/callback', false],
    ['', false],
  ])('%j matches: %s', (requested, expected) => {
    expect(matchesRegisteredRedirectUri(requested, registered)).toBe(expected);
  });

  describe('loopback port exception', () => {
    it.each([
      ['http://127.0.0.1/cb', 'http://127.0.0.1:51234/cb', true],
      ['http://127.0.0.1/cb', 'http://127.0.0.1/cb', true],
      ['http://[::1]/cb', 'http://[::1]:8080/cb', true],
      ['http://127.0.0.1', 'http://127.0.0.1:3000', true],
      ['http://127.0.0.1/cb?a=1', 'http://127.0.0.1:3000/cb?a=1', true],
      ['http://127.0.0.1/cb', 'http://127.0.0.1:3000/other', false],
      ['http://127.0.0.1/cb', 'http://127.0.0.1:3000/cb?a=1', false],
      ['http://127.0.0.1/cb', 'https://127.0.0.1:3000/cb', false],
      ['http://127.0.0.1/cb', 'http://[::1]:3000/cb', false],
      // Registered with a port: any port all the same, or none.
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1:4444/cb', true],
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1/cb', true],
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1:5555/cb', true],
      ['http://[::1]:5555/cb', 'http://[::1]:1/cb', true],
      ['http://127.0.0.1:5555', 'http://127.0.0.1:65535', true],
      ['http://127.0.0.1:5555/cb?a=1', 'http://127.0.0.1:4444/cb?a=1', true],
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1:4444/cb/', false],
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1:4444/cb?a=1', false],
      ['http://127.0.0.1:5555/cb?a=1', 'http://127.0.0.1:4444/cb', false],
      ['http://127.0.0.1:5555', 'http://127.0.0.1:4444/', false],
      ['http://127.0.0.1:5555/cb', 'http://[::1]:4444/cb', false],
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1:4444@evil.test/cb', false],
      // Not a port a redirect can reach: never a match (so never a URL that fails to parse).
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1:99999/cb', false],
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1:65536/cb', false],
      ['http://127.0.0.1:5555/cb', 'http://127.0.0.1:0/cb', false],
      ['http://127.0.0.1/cb', 'http://127.0.0.1:00000/cb', false],
      ['http://127.0.0.1/cb', 'http://127.0.0.1:123456/cb', false],
      ['http://localhost:5555/cb', 'http://localhost:4444/cb', false],
      ['http://localhost:5555/cb', 'http://localhost:5555/cb', true],
      // Names are not loopback IPs (RFC 8252 §8.3): no exception for localhost.
      ['http://localhost/cb', 'http://localhost:3000/cb', false],
      ['http://127.0.0.2/cb', 'http://127.0.0.2:3000/cb', false],
      ['http://127.0.0.1/cb', 'http://127.0.0.1:3000@evil.test/cb', false],
      ['http://127.0.0.1/cb', 'http://127.0.0.1:/cb', false],
    ])('registered %s, requested %s: %s', (uri, requested, expected) => {
      expect(matchesRegisteredRedirectUri(requested, [uri])).toBe(expected);
    });
  });
});

describe('parseRegisteredRedirectUris', () => {
  it('splits comma-separated entries, trims, drops empties and duplicates', () => {
    expect(
      parseRegisteredRedirectUris([
        'https://a.example/cb, https://b.example/cb,,',
        ' https://c.example/cb ',
        'https://a.example/cb',
      ]),
    ).toEqual(['https://a.example/cb', 'https://b.example/cb', 'https://c.example/cb']);
  });

  it('keeps loopback and custom-scheme URIs native apps use', () => {
    const uris = ['http://127.0.0.1/cb', 'http://[::1]/cb', 'com.example.app:/oauth'];
    expect(parseRegisteredRedirectUris(uris)).toEqual(uris);
  });

  it.each([
    ['nothing', []],
    ['only separators', [' , ,']],
    ['a relative URI', ['/callback']],
    ['a fragment', ['https://a.example/cb#x']],
    ['an empty fragment', ['https://a.example/cb#']],
    ['a fragment inside a list', ['https://ok.example/cb,https://a.example/cb#x']],
    ['javascript:', ['javascript:alert(1)']],
    ['JavaScript: in any case', ['JaVaScRiPt:alert(1)']],
    ['data:', ['data:text/html,hi']],
    ['vbscript:', ['vbscript:msgbox(1)']],
    ['file:', ['file:///etc/passwd']],
  ])('rejects %s with a ValidationError', (_name, inputs) => {
    expect(() => parseRegisteredRedirectUris(inputs)).toThrow(ValidationError);
  });
});
