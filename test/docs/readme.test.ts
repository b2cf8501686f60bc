import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/listening-app.ts';

// The README runs as written: every shell block, verbatim and in order, against a fresh server
// (`npm start`'s code on its own SQLite file), in a shell that stops at the first failing command
// and a curl that fails on any HTTP error. Python blocks are saved under the name their first
// line gives, as the README tells the reader to. Only blocks marked `readme-test: skip` (the
// set-up commands themselves) are left out.

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
// Prettier puts a blank line after the comment: the mark holds either way.
const SKIP_MARK = /<!-- readme-test: skip \(.+\) -->\n\n?$/;

interface Block {
  language: string;
  code: string;
  line: number;
  skipped: boolean;
}

function blocksOf(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((match) => {
    const before = markdown.slice(0, match.index);
    return {
      language: match[1] as string,
      code: match[2] as string,
      line: before.split('\n').length,
      skipped: SKIP_MARK.test(before),
    };
  });
}

const hasPythonRequests = (() => {
  try {
    execFileSync('python3', ['-c', 'import requests'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** What a reader with keys for every engine has in their environment. */
const READER_KEYS = {
  OPENAI_API_KEY: 'sk-readme-openai-0001',
  AZURE_OPENAI_API_KEY: 'readme-azure-0002',
  MISTRAL_API_KEY: 'readme-mistral-0003',
  GEMINI_API_KEY: 'readme-gemini-0004',
  AWS_ACCESS_KEY_ID: 'AKIAREADME0005',
  AWS_SECRET_ACCESS_KEY: 'readme-secret-0006',
};

/** The reader started this server with metrics on (the README's "Metrics for Prometheus"). */
const METRICS = { AIRISK_METRICS_TOKEN: 'readme-metrics-token-0007' };

describe('the README, run as written', () => {
  const blocks = blocksOf(README);
  const folder = join(REPO, '.tmp', `readme-${randomBytes(4).toString('hex')}`);
  const database = `sqlite:${join(folder, 'data', 'airisk.db')}`;
  let port: number;
  let server: ReturnType<typeof spawn>;
  let serverLog = '';

  beforeAll(async () => {
    mkdirSync(join(folder, 'data'), { recursive: true });
    // Every HTTP error stops the shell: each step's status is checked, not only the last one.
    writeFileSync(join(folder, '.curlrc'), 'fail-with-body\n');
    port = await freePort();
    server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO,
      env: { ...process.env, PORT: String(port), AIRISK_DATABASE_URL: database, ...METRICS },
    });
    server.stdout?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    for (let attempt = 0; ; attempt += 1) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (ready?.ok) {
        break;
      }
      if (attempt > 150) {
        throw new Error(`The server did not start:\n${serverLog}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 30_000);

  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  });

  it('marks only the set-up commands as not run', () => {
    const skipped = blocks.filter((block) => block.skipped);
    expect(skipped.map((block) => block.code)).toEqual([expect.stringContaining('npm start')]);
  });

  it('shows every response in camelCase, as the API answers', () => {
    const lowercaseNames = /"(userid|groupid|agentid|conversationid|messageid|fileid)"\s*:/;
    const responses = README.split('\n').filter((line) => /^#\s*[[{]/.test(line));
    expect(responses.length).toBeGreaterThan(10);
    expect(responses.filter((line) => lowercaseNames.test(line))).toEqual([]);
  });

  // About 75 s on an idle machine (each `npm run -s cli` starts tsx), three minutes beside the
  // other test worker in CI: the limit leaves room for a slower machine.
  it('runs every shell block in order, each step succeeding', async () => {
    // Run here, an install would replace the node_modules of the tests running it.
    const installs = blocks.filter((b) => !b.skipped && /\bnpm (ci|install|i)\b/.test(b.code));
    expect(
      installs.map((b) => `README line ${b.line}`),
      'carries the skip mark',
    ).toEqual([]);
    const steps: string[] = ['set -euo pipefail'];
    for (const block of blocks.filter((b) => !b.skipped)) {
      if (block.language === 'python') {
        const name = /^# (\S+\.py)/.exec(block.code)?.[1];
        expect(name, `the Python block at line ${block.line} names its file`).toBeTruthy();
        writeFileSync(join(folder, name as string), block.code);
      } else if (block.language === 'bash') {
        if (block.code.includes('python3 ') && !hasPythonRequests) {
          continue; // python3 with requests is missing here; the rest still runs
        }
        steps.push(`echo "### README line ${block.line}" >&2`, block.code);
      }
    }
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const shell = spawn('bash', ['-c', steps.join('\n')], {
          cwd: folder,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: folder,
            CURL_HOME: folder,
            PORT: String(port),
            AIRISK_DATABASE_URL: database,
            ...READER_KEYS,
            ...METRICS,
          },
        });
        let stdout = '';
        let stderr = '';
        shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        shell.on('close', (code) => resolve({ code, stdout, stderr }));
      },
    );
    expect(result.code, `${result.stderr.slice(-3000)}\n${result.stdout.slice(-3000)}`).toBe(0);

    // A few results that show the steps did what the README says they do.
    expect(result.stdout).toContain('"added":true');
    expect(result.stdout).toMatch(
      /"conversationId":"[^"]+","messageId":"[^"]+","answer":"Demo engine/,
    );
    expect(result.stdout).toContain('event: done');
    expect(result.stdout).toContain('"title":"Travel questions"');
    expect(result.stdout).toMatch(/OpenAI assistant .*openai/);
    expect(result.stdout).toMatch(/^airisk_oauth_tokens_issued_total\{.*kind="user"\} [1-9]/m);
    expect(result.stdout).toContain('the server can start on it');
    if (hasPythonRequests) {
      expect(result.stdout).toContain('users: ada@example.com, grace@example.com');
      expect(result.stdout).toContain("acting as: Ada Lovelace ['CompanyAdmin']");
    }
    for (const key of [...Object.values(READER_KEYS), METRICS.AIRISK_METRICS_TOKEN]) {
      expect(serverLog).not.toContain(key);
    }
  }, 420_000);
});
