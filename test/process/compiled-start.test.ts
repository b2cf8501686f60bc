import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killAllServers,
  serverDatabase,
  startServer,
  tokenOverHttp,
  type ServerDatabase,
} from '../helpers/server-process.ts';
import { answerWith, multipart, openAiAgent } from '../helpers/chat.ts';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-providers/fake-server.ts';
import { pdf } from '../helpers/file-fixtures.ts';
import { REDIRECT_URI } from '../helpers/test-app.ts';
import { createClient } from '../../src/clients/clients.ts';
import { createUser } from '../../src/users/users.ts';
import { createAgent } from '../../src/chat/agents.ts';
import { assignAgent } from '../../src/chat/assignments.ts';

// `npm start` runs the bundled server (dist/, built by `npm ci` through prepare): it must find
// what the sources find beside them (web/dist, the scanners' data, the extraction worker), and
// load the AI SDK when an agent first asks its engine.

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dist = (path: string) => `${REPO_ROOT}dist/${path}`;

let database: ServerDatabase;
let url: string;
let fake: FakeProvider;

beforeAll(async () => {
  if (!existsSync(dist('main.js'))) {
    // CI's npm ci has built it; a working tree may not have yet.
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
  }
  database = await serverDatabase();
  fake = await startFakeProvider();
  ({ url } = await startServer(database, {}, 'compiled'));
}, 240_000);

afterAll(async () => {
  await killAllServers();
  await fake?.close();
  await database?.drop();
});

describe('node dist/main.js (npm start)', () => {
  it('is a bundle, with the extraction worker beside it', () => {
    expect(existsSync(dist('files/extraction-worker.js'))).toBe(true);
    // The modules of src/ are in main.js, not in files of their own.
    expect(existsSync(dist('app.js'))).toBe(false);
  });

  it('serves the API: its keys, and a validated request refused without a token', async () => {
    const jwks = await fetch(`${url}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);

    const users = await fetch(`${url}/api/Users/ListUsers?limit=5`);
    expect(users.status).toBe(401);
  });

  it('serves the OpenAPI document and the web app', async () => {
    const openapi = await fetch(`${url}/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
    // Swagger UI's page and scripts, which its package serves from beside its own code.
    const docs = await fetch(`${url}/docs/static/swagger-ui-bundle.js`);
    expect(docs.status).toBe(200);
    expect((await docs.text()).length).toBeGreaterThan(100_000);

    const index = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root">');
  });

  it("reads an uploaded PDF in its worker, and asks an agent's engine through the SDK loaded at first use", async () => {
    const deps = {
      store: database.store,
      clock: database.clock,
      masterKey: Buffer.from(database.masterKey, 'base64'),
    };
    const user = await createUser(deps, { email: 'bundle@example.com', name: 'Bundle user' });
    const agent = await createAgent(deps, {
      name: 'Bundled',
      ...openAiAgent(fake, { apiKey: 'sk-bundled' }),
    });
    await assignAgent(deps, { agentId: agent.id, userId: user.id });
    const credentials = await createClient(database, {
      name: 'Bundle client',
      redirectUris: [REDIRECT_URI],
    });
    const token = await tokenOverHttp(url, url, credentials, user.id);
    const authorization = `Bearer ${token}`;
    answerWith(fake, ['Bundled ', 'answer']);

    const { body, contentType } = multipart([
      { name: 'report.pdf', content: await pdf(['Tuatara census report']) },
    ]);
    const uploaded = await fetch(`${url}/api/Chat/AddFilesToAgent/${agent.id}`, {
      method: 'POST',
      headers: { authorization, 'content-type': contentType },
      body,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const asked = await fetch(`${url}/api/Chat/AskAgent`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ agentid: agent.id, question: 'What does the report count?' }),
    });

    expect(asked.status, await asked.clone().text()).toBe(200);
    expect(((await asked.json()) as { answer: string }).answer).toBe('Bundled answer');
    const sent = await fake.request();
    expect(sent.headers.authorization).toBe('Bearer sk-bundled');
    expect(sent.body).toContain('Tuatara census report');
  });

  it('stops when SIGTERM reaches npm start, as a process manager sends it', async () => {
    const npmStart = await startServer(database, {}, 'npm-start');
    expect((await fetch(`${npmStart.url}/readyz`)).status).toBe(200);

    await npmStart.stop();

    // npm passes the signal on; the server finishes, and nothing listens on its port any more.
    await expect(fetch(`${npmStart.url}/readyz`)).rejects.toThrow();
  });

  it('runs the admin CLI bundled as the airisk command (bin/airisk.mjs)', async () => {
    const deps = { store: database.store, clock: database.clock };
    await createUser(deps, { email: 'cli-bundle@example.com', name: 'CLI bundle user' });
    const airisk = (...args: string[]) =>
      execFileSync(process.execPath, [`${REPO_ROOT}bin/airisk.mjs`, ...args], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, AIRISK_MASTER_KEY: database.masterKey },
      });
    const { version } = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as {
      version: string;
    };

    expect(airisk('--version').trim()).toBe(version);
    const users = JSON.parse(
      airisk('--database', database.processUrl, 'users', 'list', '--json'),
    ) as { email: string }[];
    expect(users.map((user) => user.email)).toContain('cli-bundle@example.com');
  });
});
