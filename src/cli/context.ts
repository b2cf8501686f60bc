import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/config.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { openStore } from '../store/kysely-store.ts';
import type { Store } from '../store/store.ts';

export interface GlobalOptions {
  database?: string;
  json?: boolean;
}

export interface CliContext {
  /** The server's configuration as the environment and --database give it. */
  config: Config;
  store: Store;
  clock: Clock;
  json: boolean;
  /** Prints `data` as JSON with --json, else the human text. */
  print(data: unknown, human: string): void;
}

/** Opens the store a command works on, runs it and closes the store, whatever happens. */
export async function withContext(
  command: Command,
  work: (context: CliContext) => Promise<void>,
): Promise<void> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const env = options.database
    ? { ...process.env, AIRISK_DATABASE_URL: options.database }
    : process.env;
  const config = loadConfig(env);
  const store = await openStore(config.databaseUrl);
  const json = options.json === true;
  try {
    await work({
      config,
      store,
      clock: systemClock,
      json,
      print: (data, human) => console.log(json ? JSON.stringify(data, null, 2) : human),
    });
  } finally {
    await store.close();
  }
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
