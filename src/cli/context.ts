import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/config.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { openStore } from '../store/kysely-store.ts';
import type { Store } from '../store/store.ts';

/** What one run of the CLI reads and writes: the process's own, or a test's. */
export interface CliIo {
  /** AIRISK_* settings, and the variables `--api-key-env` names. */
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** One run of the program: its io, and the exit status a command that did not throw sets. */
export interface CliRun {
  io: CliIo;
  exitCode: number;
}

const runs = new WeakMap<Command, CliRun>();

/** Makes `io` what every command of `program` uses for this run. */
export function bindRun(program: Command, io: CliIo): CliRun {
  const run = { io, exitCode: 0 };
  runs.set(program, run);
  return run;
}

function runOf(command: Command): CliRun {
  let root = command;
  while (root.parent) {
    root = root.parent;
  }
  const run = runs.get(root);
  if (!run) {
    throw new Error('The command runs outside runCli()');
  }
  return run;
}

export interface GlobalOptions {
  database?: string;
  json?: boolean;
}

/** What a command has before any store is opened (withSettings). */
export interface CliSettings {
  /** The server's configuration as the environment and --database give it. */
  config: Config;
  json: boolean;
  /** The environment this run reads. */
  env: CliIo['env'];
  /** Where progress goes (never the output --json promises). */
  stderr: CliIo['stderr'];
  /** For output that is neither JSON nor a table (a streamed export). */
  stdout: CliIo['stdout'];
  /** Makes the run exit `code` (non-zero) once the command is done, without an error message. */
  fail(code: number): void;
  /** Prints `data` as JSON with --json, else the human text. */
  print(data: unknown, human: string): void;
}

export interface CliContext extends CliSettings {
  store: Store;
  clock: Clock;
}

/** Opens the store a command works on, runs it and closes the store, whatever happens. */
export async function withContext(
  command: Command,
  work: (context: CliContext) => Promise<void>,
): Promise<void> {
  await withSettings(command, async (settings) => {
    const store = await openStore(settings.config.databaseUrl);
    try {
      await work({ ...settings, store, clock: systemClock });
    } finally {
      await store.close();
    }
  });
}

/**
 * Runs a command that must not open the store, since opening it migrates the database (backup
 * copies it as it is; restore needs it empty).
 */
export async function withSettings(
  command: Command,
  work: (settings: CliSettings) => Promise<void>,
): Promise<void> {
  const run = runOf(command);
  const { io } = run;
  const options = command.optsWithGlobals<GlobalOptions>();
  const env = options.database ? { ...io.env, AIRISK_DATABASE_URL: options.database } : io.env;
  const json = options.json === true;
  await work({
    config: loadConfig(env),
    json,
    env: io.env,
    stderr: io.stderr,
    stdout: io.stdout,
    fail: (code) => {
      run.exitCode = code;
    },
    print: (data, human) => {
      io.stdout.write(`${json ? JSON.stringify(data, null, 2) : human}\n`);
    },
  });
}

/** Formats rows as aligned columns under a header. */
export function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) {
    return '(none)';
  }
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
