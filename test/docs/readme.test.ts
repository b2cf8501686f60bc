import { spawn, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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

/**
 * `npm run -s cli` is `tsx src/cli/main.ts`: four seconds of loading TypeScript per command, and
 * the README has dozens. The shell runs the same code compiled instead (dist/cli.js, what the
 * `airisk` bin runs; `npm ci` builds it, and it is rebuilt here when a source is newer), from the
 * package's folder as npm would.
 */
const NPM_CLI_SHIM = `npm() {
  if [ "\${1-}" = run ] && [ "\${2-}" = -s ] && [ "\${3-}" = cli ]; then
    shift 3; if [ "\${1-}" = -- ]; then shift; fi
    (cd "$AIRISK_REPO" && node dist/cli.js "$@")
  else
    command npm "$@"
  fi
}`;

function newestSource(folder: string): number {
  return Math.max(
    ...readdirSync(folder, { withFileTypes: true }).map((entry) =>
      entry.isDirectory()
        ? newestSource(join(folder, entry.name))
        : statSync(join(folder, entry.name)).mtimeMs,
    ),
  );
}

function buildCliIfStale(): void {
  const bundle = join(REPO, 'dist', 'cli.js');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(join(REPO, 'src'))) {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO, stdio: 'ignore' });
  }
}

/**
 * The reader started this server with metrics on (the README's "Metrics for Prometheus"), and
 * let agents' tools reach this machine (its "Custom APIs and databases").
 */
const METRICS = { AIRISK_METRICS_TOKEN: 'readme-metrics-token-0007' };
const OUTBOUND = { AIRISK_OUTBOUND_ALLOWED_NETWORKS: '127.0.0.1' };

describe('the README, run as written', () => {
  const blocks = blocksOf(README);
  const folder = join(REPO, '.tmp', `readme-${randomBytes(4).toString('hex')}`);
  const database = `sqlite:${join(folder, 'data', 'airisk.db')}`;
  let port: number;
  let server: ReturnType<typeof spawn>;
  let serverLog = '';
  const shells: ReturnType<typeof spawn>[] = [];

  beforeAll(async () => {
    buildCliIfStale();
    mkdirSync(join(folder, 'data'), { recursive: true });
    // Every HTTP error stops the shell: each step's status is checked, not only the last one.
    writeFileSync(join(folder, '.curlrc'), 'fail-with-body\n');
    port = await freePort();
    server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: String(port),
        AIRISK_DATABASE_URL: database,
        ...METRICS,
        ...OUTBOUND,
      },
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
  }, 120_000);

  afterAll(() => {
    server?.kill('SIGTERM');
    for (const { pid } of shells) {
      try {
        if (pid !== undefined) {
          process.kill(-pid, 'SIGTERM');
        }
      } catch {
        // already gone
      }
    }
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

  // Under a minute on an idle machine, more beside the other test workers in CI: the limit
  // leaves room for a slower machine.
  it('runs every shell block in order, each step succeeding', async () => {
    // Run here, an install would replace the node_modules of the tests running it.
    const installs = blocks.filter((b) => !b.skipped && /\bnpm (ci|install|i)\b/.test(b.code));
    expect(
      installs.map((b) => `README line ${b.line}`),
      'carries the skip mark',
    ).toEqual([]);
    const steps: string[] = ['set -euo pipefail', NPM_CLI_SHIM];
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
          // Its own process group: the background servers a failed step leaves go with it.
          detached: true,
          env: {
            PATH: process.env.PATH ?? '',
            AIRISK_REPO: REPO,
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
        shells.push(shell);
        shell.on('close', (code) => resolve({ code, stdout, stderr }));
        // A step that fails leaves the README's background servers running, holding the shell's
        // output open: its exit, not the output's end, says the shell is done.
        shell.on('exit', (code) => {
          setTimeout(() => resolve({ code, stdout, stderr }), 2000).unref();
        });
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
    expect(result.stdout).toContain(
      'get_order answered: {\\"id\\":\\"A-1001\\",\\"status\\":\\"shipped\\",\\"carrier\\":\\"DHL\\"}',
    );
    expect(result.stdout).toMatch(/event: tool-call\n.*\n\nevent: tool-result\n.*"status":"ok"/);
    if (hasPythonRequests) {
      expect(result.stdout).toContain('users: ada@example.com, grace@example.com');
      expect(result.stdout).toContain("acting as: Ada Lovelace ['CompanyAdmin']");
    }
    for (const key of [...Object.values(READER_KEYS), METRICS.AIRISK_METRICS_TOKEN]) {
      expect(serverLog).not.toContain(key);
    }
  }, 420_000);
});
