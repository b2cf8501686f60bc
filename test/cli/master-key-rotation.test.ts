import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/users.ts';
import { createAgent } from '../../src/chat/agents.ts';
import { agentKey } from '../../src/chat/engine-settings.ts';
import { setSecret } from '../../src/secrets/custom-secrets.ts';
import { setUserToken } from '../../src/users/user-credentials.ts';
import { updateCompanySettings } from '../../src/company/company-settings.ts';
import { readSmtp } from '../../src/company/stored-settings.ts';
import { rotateMasterKey } from '../../src/secrets/master-key-rotation.ts';
import {
  decryptWithMasterKey,
  encryptWithMasterKey,
  sealedWith,
} from '../../src/lib/encryption.ts';
import { SEALED_COLUMNS } from '../../src/store/sealed-columns.ts';
import type { Store } from '../../src/store/store.ts';
import {
  cliDatabase,
  parseJson,
  runCli,
  type CliDatabase,
  type OpenedApp,
} from '../helpers/run-cli.ts';

// `airisk master-key rotate` while servers run: interrupted half-way, a server with the new key
// and the old one as previous still opens everything; run again, it finishes, and the old key
// opens nothing any more.

const AGENT_KEY = 'sk-agent-own-0123456789abcdefABCDEF';
const SECRET = 'sk-custom-secret-9876543210fedcbaFEDCBA';
const USER_KEY = 'sk-user-key-5555555555aaaaaaBBBBBB';
const SMTP_PASSWORD = 'smtp-password-Zq81';

/** Every sealed column value, and whether `key` alone (no previous keys) opens each. */
async function sealedValues(store: Store, key: Buffer): Promise<boolean[]> {
  const all: boolean[] = [];
  for (const column of SEALED_COLUMNS) {
    for (const sealed of await store.sealedValues.page(column, '', 10_000)) {
      all.push(sealedWith(key, sealed));
    }
  }
  return all;
}

describe('airisk master-key rotate', () => {
  let db: CliDatabase;
  let before: OpenedApp;
  const OLD = () => db.masterKey;
  const NEW = randomBytes(32).toString('base64');
  beforeEach(async () => {
    db = await cliDatabase();
    before = await db.openApp();
  });
  afterEach(() => db.drop());

  async function sealSomething(): Promise<{ agentIds: string[] }> {
    const ann = await createUser(before, { email: 'ann@example.com', name: 'Ann' });
    await setSecret(before, { name: 'OPENAI_PROD', value: SECRET });
    const own = await createAgent(before, {
      name: 'Own key',
      engine: 'openai',
      model: 'gpt-4o-mini',
      apiKey: AGENT_KEY,
    });
    const viaSecret = await createAgent(before, {
      name: 'Secret key',
      engine: 'openai',
      model: 'gpt-4o-mini',
      apiKeySecret: 'OPENAI_PROD',
    });
    await setUserToken(
      before,
      { userId: ann.id, roles: ['CompanyAdmin'] },
      { userId: ann.id, provider: 'openai', token: USER_KEY },
    );
    await updateCompanySettings(
      before,
      {
        smtp: {
          host: 'mail.example.com',
          port: 587,
          security: 'starttls',
          username: 'u',
          password: SMTP_PASSWORD,
        },
      },
      { userId: ann.id },
    );
    return { agentIds: [own.id, viaSecret.id] };
  }

  /** What a server with this deps' key opens: the agents' keys, the user's, the mail password. */
  async function opened(
    app: OpenedApp,
    agentIds: string[],
  ): Promise<(string | null | undefined)[]> {
    const keys = [];
    for (const id of agentIds) {
      const agent = await app.store.agents.findById(id);
      keys.push(agent && (await agentKey(app, agent, null)));
    }
    const ann = await app.store.users.findByEmail('ann@example.com');
    const sealedUserKey = await app.store.credentials.findSecret(ann?.id ?? '', 'openai');
    keys.push(decryptWithMasterKey(app.masterKey, sealedUserKey ?? ''));
    keys.push(decryptWithMasterKey(app.masterKey, (await readSmtp(app.store))?.password ?? ''));
    return keys;
  }

  it('interrupted half-way, resumes; afterwards only the new key opens what is sealed', async () => {
    const { agentIds } = await sealSomething();
    const during = await db.openApp({
      AIRISK_MASTER_KEY: NEW,
      AIRISK_PREVIOUS_MASTER_KEY: OLD(),
    });
    const newKey = Buffer.from(NEW, 'base64');
    const total = (await sealedValues(during.store, newKey)).length;
    // The signing key, the two keys, the secret, the user's key (the mail password is in JSON).
    expect(total).toBeGreaterThanOrEqual(4);

    let pages = 0;
    const interrupted = rotateMasterKey(during, {
      pageSize: 1,
      onProgress: () => {
        pages += 1;
        if (pages === 3) {
          throw new Error('killed');
        }
      },
    });
    await expect(interrupted).rejects.toThrow('killed');

    const half = await sealedValues(during.store, newKey);
    expect(half.filter(Boolean).length).toBeGreaterThan(0);
    expect(half.filter((isNew) => !isNew).length).toBeGreaterThan(0);
    // Half-way, a server holding both keys opens everything.
    expect(await opened(during, agentIds)).toEqual([AGENT_KEY, SECRET, USER_KEY, SMTP_PASSWORD]);

    const resumed = await runCli(['--json', 'master-key', 'rotate'], {
      AIRISK_DATABASE_URL: db.url,
      AIRISK_MASTER_KEY: NEW,
      AIRISK_PREVIOUS_MASTER_KEY: OLD(),
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = parseJson<{ resealed: number; current: number }>(resumed);
    expect(report.current).toBe(half.filter(Boolean).length);
    // The values left, and the mail password inside the company settings.
    expect(report.resealed).toBe(half.filter((isNew) => !isNew).length + 1);
    expect(await sealedValues(during.store, newKey)).toEqual(Array(total).fill(true));

    const after = await db.openApp({ AIRISK_MASTER_KEY: NEW });
    expect(await opened(after, agentIds)).toEqual([AGENT_KEY, SECRET, USER_KEY, SMTP_PASSWORD]);
    await expect(db.openApp({ AIRISK_MASTER_KEY: OLD() })).rejects.toThrow(
      'The master key from AIRISK_MASTER_KEY is not the key this database was created with',
    );
    const audit = await after.store.audit.list({
      event: 'master_key_rotated',
      limit: 10,
      offset: 0,
    });
    expect(audit.map((event) => event.details)).toEqual([
      { resealed: report.resealed, current: report.current, remaining: 0 },
    ]);
  });

  it('reports what a server still sealing with the old key wrote meanwhile, and keeps it open', async () => {
    const { agentIds } = await sealSomething();
    const during = await db.openApp({
      AIRISK_MASTER_KEY: NEW,
      AIRISK_PREVIOUS_MASTER_KEY: OLD(),
    });
    const oldKey = Buffer.from(OLD(), 'base64');
    // Each value changes under the rotation: a lagging server seals it again with the old key.
    const lagging = {
      ...during.store,
      sealedValues: {
        ...during.store.sealedValues,
        replace: async (column: (typeof SEALED_COLUMNS)[number], sealed: string) => {
          const plain = decryptWithMasterKey(oldKey, sealed);
          await during.store.sealedValues.replace(
            column,
            sealed,
            encryptWithMasterKey(oldKey, plain),
          );
          return false;
        },
      },
    };

    const report = await rotateMasterKey({ ...during, store: lagging });

    // Only the mail password, in the company settings, which the lagging server left alone.
    expect(report.resealed).toBe(1);
    expect(report.remaining).toBe((await sealedValues(during.store, oldKey)).length);
    expect(report.remaining).toBeGreaterThanOrEqual(4);
    expect(await opened(during, agentIds)).toEqual([AGENT_KEY, SECRET, USER_KEY, SMTP_PASSWORD]);
  });

  it('names the place a value no key opens, and stops without harm', async () => {
    await sealSomething();
    const stranger = randomBytes(32).toString('base64');
    const result = await runCli(['master-key', 'rotate'], {
      AIRISK_DATABASE_URL: db.url,
      AIRISK_MASTER_KEY: NEW,
      AIRISK_PREVIOUS_MASTER_KEY: stranger,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: A value in signing_keys\.private_jwk_encrypted opens with neither the master key nor a previous one/,
    );
    // Nothing was resealed: the old key still opens it all.
    expect(await sealedValues(before.store, Buffer.from(OLD(), 'base64'))).not.toContain(false);
  });
});
