import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aUser, createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  expectProblem,
  get,
  post,
  type Caller,
  type Response,
  type UserResponse,
} from '../helpers/api-requests.ts';

// Spec §5/§6 paging (`results` default 20, max 1000; `skip`) on ListUsers and ListGroups, and
// ListUsers' keyset cursor: a full page links the next one (RFC 8288 Link, rel="next").

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  // Sorts after every user the tests create, so it is always the last one listed.
  admin = await asUser(t, ['CompanyAdmin'], { email: 'zz-admin@example.com' });
});
afterEach(() => t.close());

const LISTS = {
  ListUsers: {
    url: '/api/Users/ListUsers',
    seed: (i: number) => aUser(t, { email: `p${i}@example.com` }),
  },
  ListGroups: {
    url: '/api/Groups/ListGroups',
    seed: (i: number) => post(t, admin.token, '/api/Groups/CreateGroup', { name: `Group ${i}` }),
  },
} as const;
type ListName = keyof typeof LISTS;
const LIST_NAMES = Object.keys(LISTS) as ListName[];

async function seed(list: ListName, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await LISTS[list].seed(i);
  }
}

const list = (name: ListName, query: string) => get(t, admin.token, `${LISTS[name].url}${query}`);

describe.each(LIST_NAMES)('%s paging', (name) => {
  it.each([
    ['results=0', '?results=0'],
    ['skip past the end', '?skip=50'],
    ['results=5 with skip past the end', '?results=5&skip=4'],
  ])('answers %s with []', async (_case, query) => {
    await seed(name, 3);
    const response = await list(name, query);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it('answers results=1000 with everything', async () => {
    await seed(name, 3);
    const response = await list(name, '?results=1000');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toHaveLength(name === 'ListUsers' ? 4 : 3);
  });

  it.each([
    ['results=1001', '?results=1001'],
    ['negative results', '?results=-1'],
    ['results not a number', '?results=ten'],
    ['fractional results', '?results=2.5'],
    ['negative skip', '?skip=-1'],
    ['skip not a number', '?skip=two'],
  ])('answers %s with 400', async (_case, query) => {
    expectProblem(await list(name, query), 400);
  });
});

/** The target of a `Link: <...>; rel="next"` header, or undefined when there is none. */
function nextLink(response: Response): string | undefined {
  const header = response.headers.link;
  if (header === undefined) {
    return undefined;
  }
  const match = /^<([^>]+)>;\s*rel="next"$/.exec(String(header));
  expect(match, `Link header: ${String(header)}`).not.toBeNull();
  return match?.[1];
}

const emailsOf = (response: Response) => response.json<UserResponse[]>().map((user) => user.email);

/** Follows rel="next" from `url` to the end; answers every page's emails. */
async function followLinks(url: string): Promise<string[][]> {
  const pages: string[][] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    expect(pages.length, 'too many pages: the links loop').toBeLessThan(20);
    const response = await get(t, admin.token, next);
    expect(response.statusCode, response.body).toBe(200);
    pages.push(emailsOf(response));
    next = nextLink(response);
  }
  return pages;
}

describe('ListUsers keyset paging', () => {
  // Mixed case, and a "+" that a careless Link would turn into a space, at a page's end.
  const email = (i: number) =>
    i === 19
      ? 'U19+tag@Example.com'
      : `${i % 2 ? 'U' : 'u'}${String(i).padStart(2, '0')}@example.com`;

  it('pages through 45 users (and the admin) in email order, without duplicates or gaps', async () => {
    for (let i = 44; i >= 0; i -= 1) {
      await aUser(t, { email: email(i) });
    }
    const everyone = emailsOf(await list('ListUsers', '?results=1000'));
    expect(everyone).toHaveLength(46);

    const pages = await followLinks('/api/Users/ListUsers?results=20');

    expect(pages.map((page) => page.length)).toEqual([20, 20, 6]);
    expect(pages.flat()).toEqual(everyone);
    expect(pages[0]?.at(-1)).toBe('U19+tag@Example.com');
  });

  it('links the next page with the cursor and without skip', async () => {
    await seed('ListUsers', 6);
    const first = await list('ListUsers', '?results=2&skip=1');
    const link = nextLink(first);
    expect(link).toBeDefined();

    const url = new URL(link as string, 'http://x');
    expect(url.pathname).toBe('/api/Users/ListUsers');
    expect(url.searchParams.get('after')).toBe(emailsOf(first).at(-1)?.toLowerCase());
    expect(url.searchParams.has('skip')).toBe(false);
    expect(url.searchParams.get('results')).toBe('2');
  });

  it('gives a partial page no Link, and a full last page a Link to an empty one', async () => {
    await seed('ListUsers', 3);
    expect(nextLink(await list('ListUsers', '?results=5'))).toBeUndefined();

    const pages = await followLinks('/api/Users/ListUsers?results=2');
    expect(pages.map((page) => page.length)).toEqual([2, 2, 0]);
  });

  it('keeps the search while following the links', async () => {
    for (let i = 0; i < 7; i += 1) {
      await aUser(t, { email: `match${i}@example.com` });
      await aUser(t, { email: `other${i}@example.com` });
    }

    const pages = await followLinks('/api/Users/ListUsers?results=3&search=MATCH');

    expect(pages.flat()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `match${i}@example.com`));
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
  });

  it('answers after= directly: only users whose email sorts after it, in any case', async () => {
    for (const address of ['a@example.com', 'B@example.com', 'c@example.com']) {
      await aUser(t, { email: address });
    }
    const response = await list('ListUsers', `?after=${encodeURIComponent('A@EXAMPLE.COM')}`);
    expect(emailsOf(response)).toEqual(['B@example.com', 'c@example.com', admin.user.email]);
  });

  it('rejects an after longer than an email can be with 400', async () => {
    expectProblem(await list('ListUsers', `?after=${'a'.repeat(255)}`), 400);
  });

  it('does not shift later pages when users are added or removed before the cursor', async () => {
    const users = [];
    for (let i = 10; i < 30; i += 1) {
      users.push(await aUser(t, { email: `m${i}@example.com` }));
    }
    const before = emailsOf(await list('ListUsers', '?results=1000'));
    const first = await list('ListUsers', '?results=5');
    expect(emailsOf(first)).toEqual(before.slice(0, 5));

    // Two sort before the cursor and one of page 1 goes: an offset would shift by one.
    await aUser(t, { email: 'a-newcomer@example.com' });
    await aUser(t, { email: 'b-newcomer@example.com' });
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/Users/DeleteUser/${users[0]?.id ?? ''}`,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(gone.statusCode, gone.body).toBe(204);

    const second = await get(t, admin.token, nextLink(first) as string);

    expect(emailsOf(second)).toEqual(before.slice(5, 10));
    expect(emailsOf(await list('ListUsers', '?results=5&skip=5'))).not.toEqual(before.slice(5, 10));
  });
});
