import { describe, expect, it } from 'vitest';
import { rewriteDocumentedAlias } from '../../src/http/path-aliases.ts';

// The documentation's other spellings of three routes (spec §0), rewritten before routing.

const rewrite = (url: string) => rewriteDocumentedAlias({ url });

describe('rewriteDocumentedAlias', () => {
  it.each([
    ['/api/ListUsers', '/api/Users/ListUsers'],
    ['/api/listusers/', '/api/Users/ListUsers'],
    ['/API/LISTUSERS?results=5&skip=0', '/api/Users/ListUsers?results=5&skip=0'],
    ['/api/GetConversations', '/api/Chat/GetConversations'],
    ['/api/getconversations/?results=50', '/api/Chat/GetConversations?results=50'],
    ['/api/api/oauth2/Token', '/api/oauth2/Token'],
    ['/Api/Api/OAuth2/token/', '/api/oauth2/Token'],
    ['/api/api/oauth2/Token?x=1/', '/api/oauth2/Token?x=1/'],
  ])('%s -> %s', (url, expected) => {
    expect(rewrite(url)).toBe(expected);
  });

  it.each([
    '/',
    '/api/Users/ListUsers',
    '/api/oauth2/Token',
    '/api/ListUsers//',
    '/api/ListUsersX',
    '/api/ListUser',
    '/api/GetConversations/agent-1',
    '/api/api/oauth2',
    '/x/api/ListUsers',
    `/api/${'a'.repeat(5000)}`,
  ])('leaves %s as it is', (url) => {
    expect(rewrite(url)).toBe(url);
  });
});
