import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { runCli, parseJson } from '../../helpers/run-cli.ts';
import {
  serverDatabase,
  startServer,
  type ServerDatabase,
  type ServerProcess,
} from '../../helpers/server-process.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import type { Role } from '../../../src/vocabulary/roles.ts';

// The real server (`node --import tsx src/main.ts`, as `npm start` runs it) on a fresh database
// with no user, its issuer being the loopback address it listens on, mailing through the
// loopback mailbox; and the admin CLI on the same database.

export interface Airisk {
  /** `http://127.0.0.1:<port>`: where it listens, and its issuer (links point here). */
  url: string;
  server: ServerProcess;
  database: ServerDatabase;
  /** Runs `airisk <args> --json` on the server's database and parses its output. */
  cli<T>(args: string[]): Promise<T>;
  close(): Promise<void>;
}

/** `extraEnv`: more server settings (e.g. AIRISK_TRUSTED_PROXIES). */
export async function startAirisk(
  mailbox: SmtpSink,
  extraEnv: Record<string, string> = {},
): Promise<Airisk> {
  const database = await serverDatabase();
  const env = {
    // Empty: the default issuer, http://HOST:PORT, which is where the server listens.
    AIRISK_ISSUER: '',
    AIRISK_SMTP_URL: mailbox.url,
    AIRISK_MAIL_FROM: 'AIRisk <airisk@example.com>',
    // What `npm start` logs by default (the first-run link must show there).
    AIRISK_LOG_LEVEL: 'info',
    ...extraEnv,
  };
  let server: ServerProcess;
  try {
    server = await startServer(database, env);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const cliEnv = {
    AIRISK_DATABASE_URL: database.processUrl,
    AIRISK_MASTER_KEY: database.masterKey,
    AIRISK_ISSUER: server.url,
  };
  return {
    url: server.url,
    server,
    database,
    async cli<T>(args: string[]) {
      const result = await runCli([...args, '--json'], cliEnv);
      if (result.code !== 0) {
        throw new Error(`airisk ${args.join(' ')} failed (${result.code}):\n${result.stderr}`);
      }
      return parseJson<T>(result);
    },
    async close() {
      await server.stop();
      await database.drop();
    },
  };
}

const SETUP_TIMEOUT_MS = 90_000;

/** What a browser test file runs against: a mail server, the real server and chromium. */
export interface RealServer {
  mailbox: SmtpSink;
  airisk: Airisk;
  browser: Browser;
}

/** Starts a RealServer before the file's tests and stops it after them (filled in then). */
export function withRealServer(extraEnv: Record<string, string> = {}): RealServer {
  const real = {} as RealServer;
  beforeAll(async () => {
    const [mailbox, browser] = await Promise.all([startSmtpSink(), launchChromium()]);
    Object.assign(real, { mailbox, browser, airisk: await startAirisk(mailbox, extraEnv) });
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await real.browser?.close();
    await real.airisk?.close();
    await real.mailbox?.close();
  });
  return real;
}

/** The first-run setup link the server printed on start, waiting a little for it. */
export async function firstRunLink(airisk: Airisk, timeoutMs = 5000): Promise<string> {
  const pattern = new RegExp(`${airisk.url.replace(/[.:/]/g, '\\$&')}/setup#token=[\\w-]+`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(airisk.server.output());
    if (match) {
      return match[0];
    }
    if (Date.now() > deadline) {
      throw new Error(`The server printed no first-run link:\n${airisk.server.output()}`);
    }
    await delay(50);
  }
}

/**
 * A person with a password and a live session, made as an admin would without the browser: an
 * invitation from the CLI (the link printed, as without SMTP), accepted through the API. Returns
 * the session cookie to put in a browser context.
 */
export async function invitedPerson(
  airisk: Airisk,
  {
    email,
    name,
    password,
    roles = [],
  }: { email: string; name: string; password: string; roles?: readonly Role[] },
): Promise<{ userId: string; cookie: { name: string; value: string } }> {
  const { user, invitation } = await airisk.cli<{
    user: { id: string };
    invitation: { link?: string };
  }>(['users', 'invite', email, '--name', name, ...roles.flatMap((role) => ['--role', role])]);
  if (!invitation.link) {
    throw new Error('airisk users invite printed no link (without SMTP it must)');
  }
  const token = new URL(invitation.link).hash.replace(/^#token=/, '');
  const response = await fetch(`${airisk.url}/api/Account/AcceptInvitation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: airisk.url },
    body: JSON.stringify({ token, password }),
  });
  if (response.status !== 200) {
    throw new Error(`AcceptInvitation answered ${response.status}: ${await response.text()}`);
  }
  const [cookie] = response.headers.getSetCookie();
  const pair = /^([^=]+)=([^;]*)/.exec(cookie ?? '');
  if (!pair?.[1] || pair[2] === undefined) {
    throw new Error(`AcceptInvitation set no cookie: ${cookie}`);
  }
  return { userId: user.id, cookie: { name: pair[1], value: pair[2] } };
}

/** A `demo`-engine agent (the built-in template: no AI provider), made with the CLI. */
export async function demoAgent(airisk: Airisk, name: string): Promise<{ id: string }> {
  return airisk.cli<{ id: string }>(['agents', 'create', '--template', 'demo', '--name', name]);
}

/** Lets the user use the agent, as their default (CLI `agents assign` and `set-default`). */
export async function assignAgent(airisk: Airisk, agentId: string, userId: string): Promise<void> {
  await airisk.cli(['agents', 'assign', agentId, '--user', userId]);
  await airisk.cli(['agents', 'set-default', userId, agentId]);
}
