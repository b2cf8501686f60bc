import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEB_API_SCHEMA_PATH, webApiSchemaSource } from '../../scripts/web-api-schema.ts';

// The web app is typed from the committed api-schema.d.ts: a route changed without
// `npm run web:api` would let the UI call an API that no longer exists.
describe('web/src/lib/api-schema.d.ts', () => {
  it('matches the OpenAPI document the server builds now', async () => {
    const committed = readFileSync(WEB_API_SCHEMA_PATH, 'utf8');
    const current = await webApiSchemaSource();
    expect(
      committed === current,
      'web/src/lib/api-schema.d.ts is stale: run `npm run web:api` and commit the result',
    ).toBe(true);
  });
});
