import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  asUser,
  del,
  expectProblem,
  expectRoleDenied,
  get,
  type Caller,
} from '../helpers/api-requests.ts';
import { putLogo, readSettings, signInOptions } from '../helpers/company-requests.ts';
import { png } from '../helpers/file-fixtures.ts';

// The company's logo: uploaded by an admin as the request body, served to anyone (the sign-in
// page) with a validator and a short public cache, refused unless its bytes are PNG, JPEG or WebP.

// The starts that content sniffing reads: SOI + APP0 (JFIF), and a RIFF container of WEBP.
const jpeg = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  Buffer.alloc(64),
]);
const webp = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from('24000000', 'hex'),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(64),
]);
const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';

let t: TestApp;
let admin: Caller;

beforeEach(async () => {
  t = await createTestApp();
  admin = await asUser(t, ['CompanyAdmin']);
});
afterEach(() => t.close());

const logo = (headers: Record<string, string> = {}) =>
  t.app.inject({ url: '/api/Company/Logo', headers });

describe('PUT /api/Company/Logo', () => {
  it('stores the image; anyone gets it with an ETag, a 5-minute public cache and no scripts', async () => {
    const put = await putLogo(t, admin.token, png, 'image/png');
    expect(put.statusCode, put.body).toBe(204);

    const response = await logo();
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(png)).toBe(true);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const etag = response.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);

    const again = await logo({ 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await readSettings(t, admin.token)).hasLogo).toBe(true);
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=company_logo_changed');
    expect(logs.json()).toEqual([
      expect.objectContaining({
        userId: admin.user.id,
        details: { mediaType: 'image/png', bytes: png.length },
      }),
    ]);
  });

  it('links the logo from the sign-in options by version: a new logo is a new URL', async () => {
    await putLogo(t, admin.token, png, 'image/png');
    const { company } = (await signInOptions(t)) as { company: { logoUrl: string } };
    expect(company.logoUrl).toMatch(/^\/api\/Company\/Logo\?v=[\w-]+$/);
    const first = await t.app.inject({ url: company.logoUrl });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe(`"${company.logoUrl.split('v=')[1]}"`);

    await putLogo(t, admin.token, jpeg, 'image/jpeg');
    const { company: changed } = (await signInOptions(t)) as { company: { logoUrl: string } };
    expect(changed.logoUrl).not.toBe(company.logoUrl);
    const second = await t.app.inject({ url: changed.logoUrl });
    expect(second.headers['content-type']).toBe('image/jpeg');
    expect(second.rawPayload.equals(jpeg)).toBe(true);
  });

  it('reads the kind from the bytes: a WebP sent as octet-stream is a WebP', async () => {
    const put = await putLogo(t, admin.token, webp, 'application/octet-stream');
    expect(put.statusCode, put.body).toBe(204);

    expect((await logo()).headers['content-type']).toBe('image/webp');
  });

  it.each([
    ['an SVG', svg, 'image/svg+xml'],
    ['an SVG that claims to be a PNG', svg, 'image/png'],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'image/gif'],
    ['JSON', '{"logo":"x"}', 'application/json'],
  ])('refuses %s with 415 saying what is accepted', async (_name, body, contentType) => {
    const response = await putLogo(t, admin.token, body, contentType);

    expectProblem(response, 415, /PNG, JPEG or WebP image of at most 256 kB/);
    expectProblem(await logo(), 404);
  });

  it('refuses an image over 256 kB with 413, and an empty body with 400', async () => {
    const large = Buffer.concat([png, Buffer.alloc(256 * 1024 + 1 - png.length)]);

    expectProblem(await putLogo(t, admin.token, large, 'image/png'), 413, /at most 256 kB/);
    expectProblem(await putLogo(t, admin.token, Buffer.alloc(0), 'image/png'), 400);
    const limit = Buffer.concat([png, Buffer.alloc(256 * 1024 - png.length)]);
    expect((await putLogo(t, admin.token, limit, 'image/png')).statusCode).toBe(204);
  });

  it('is for CompanyAdmins only', async () => {
    const user = await asUser(t, ['User']);

    expectRoleDenied(await putLogo(t, user.token, png, 'image/png'));
    expectProblem(await putLogo(t, '', png, 'image/png'), 401);
    expectRoleDenied(await del(t, user.token, '/api/Company/Logo'));
  });
});

describe('DELETE /api/Company/Logo', () => {
  it('removes the logo: 404 to fetch, none in the options or the settings', async () => {
    await putLogo(t, admin.token, png, 'image/png');

    const response = await del(t, admin.token, '/api/Company/Logo');

    expect(response.statusCode, response.body).toBe(204);
    expectProblem(await logo(), 404, 'The company has no logo');
    expect(await signInOptions(t)).toMatchObject({ company: { logoUrl: null } });
    expect((await readSettings(t, admin.token)).hasLogo).toBe(false);
    expect((await del(t, admin.token, '/api/Company/Logo')).statusCode).toBe(204);
    const logs = await get(t, admin.token, '/api/Logs/ListLogs?event=company_logo_changed');
    expect(logs.json<unknown[]>()).toHaveLength(2);
  });
});
