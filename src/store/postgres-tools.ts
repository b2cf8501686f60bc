import { spawn } from 'node:child_process';
import { ConfigError } from '../config/config.ts';

// The PostgreSQL client tools (pg_dump, pg_restore) as child processes. The password reaches
// them as PGPASSWORD, never on their command line (which `ps` shows) nor in any message.

export type ToolEnv = Readonly<Record<string, string | undefined>>;

export interface ToolConnection {
  /** `--dbname=<the URL without its password>` */
  argument: string;
  env: Record<string, string>;
}

/** How a tool connects to the database at `databaseUrl`: the URL libpq reads, minus the password. */
export function toolConnection(databaseUrl: string, env: ToolEnv): ToolConnection {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  // The query as the server's own driver reads it ("+" a space, as in a form), spelled the way
  // libpq reads it (which takes "+" as it is): "?options=-c+search_path=x" means one thing.
  url.search = [...url.searchParams]
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return {
    argument: `--dbname=${url.toString()}`,
    env: password ? { ...toolEnv(env), PGPASSWORD: password } : toolEnv(env),
  };
}

/** The tool's environment: the CLI's, without the AIRISK_* settings (the master key among them). */
export function toolEnv(env: ToolEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !entry[0].startsWith('AIRISK_'),
    ),
  );
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
}

/** An exit other than 0: the tool's own message is in `stderr`. */
export class ToolFailedError extends Error {
  constructor(
    readonly tool: string,
    readonly stderr: string,
  ) {
    super(`${tool} failed: ${oneLine(stderr) || 'no message'}`);
    this.name = 'ToolFailedError';
  }
}

const INSTALL_HINT =
  "install the PostgreSQL client tools (postgresql-client on Debian and Ubuntu) of the server's major version or newer, and put them on PATH";

/**
 * Runs `tool` with `args` (never through a shell) and collects its output. A missing tool, or
 * one older than the server or the archive, is a ConfigError that says what to install.
 */
export function runTool(
  tool: 'pg_dump' | 'pg_restore',
  args: readonly string[],
  env: Record<string, string>,
): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT' ? new ConfigError(`${tool} was not found: ${INSTALL_HINT}`) : error,
      );
    });
    child.once('close', (code) => {
      if (code === 0) {
        resolve({ stdout, stderr });
      } else if (/version mismatch|unsupported version/i.test(stderr)) {
        reject(
          new ConfigError(
            `${tool} is too old for this database (${oneLine(stderr)}): ${INSTALL_HINT}`,
          ),
        );
      } else {
        reject(new ToolFailedError(tool, stderr));
      }
    });
  });
}

const oneLine = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ');
