// Prints the server's OpenAPI document as JSON: the app is built in memory, as the tests build
// it (fresh SQLite, random master key), and never listens. `npx tsx scripts/openapi-json.ts`.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config/config.ts';
import { openAppDeps } from '../src/deps.ts';
import { buildApp } from '../src/app.ts';

// A fixed issuer keeps the document (its `servers`) the same on every machine.
const ISSUER = 'http://localhost:8080';

/** The OpenAPI document the running server would serve at /openapi.json. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({
    AIRISK_DATABASE_URL: 'sqlite::memory:',
    AIRISK_ISSUER: ISSUER,
    AIRISK_MASTER_KEY: randomBytes(32).toString('base64'),
  });
  const deps = await openAppDeps(config);
  try {
    const app = await buildApp(deps);
    try {
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await deps.store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await openApiDocument(), null, 2)}\n`);
}
