import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SeedReport } from './seed.ts';
import { CLOSE_MESSAGE, type ReadyMessage, type TargetKind } from './protocol.ts';

/** A server child listening on loopback. */
export interface Target {
  baseUrl: string;
  token: string | undefined;
  seed: SeedReport | undefined;
  close(): Promise<void>;
}

const SERVER_ENTRY = fileURLToPath(new URL('./server.ts', import.meta.url));
const CLOSE_GRACE_MS = 10_000;

const running = new Set<ChildProcess>();

/** Starts bench/server.ts as a child process and waits until it listens. */
export function startTarget(kind: TargetKind, env: Record<string, string> = {}): Promise<Target> {
  const child = fork(SERVER_ENTRY, [kind], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    const early = (code: number | null) =>
      reject(new Error(`the ${kind} server exited (${code}) before listening`));
    child.once('exit', early);
    child.once('error', reject);
    child.once('message', (message: ReadyMessage) => {
      child.off('exit', early);
      if (message.type === 'failed') {
        reject(new Error(`the ${kind} server failed to start: ${message.message}`));
        return;
      }
      resolve({
        baseUrl: `http://127.0.0.1:${message.port}`,
        token: message.token,
        seed: message.seed,
        close: () => closeChild(child),
      });
    });
  });
}

/** Asks the child to close its server and store; kills it if it has not exited in time. */
function closeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send(CLOSE_MESSAGE);
  });
}

/** For the watchdog: kills the children this process started, by their own handles. */
export function killTargets(): void {
  for (const child of running) {
    child.kill('SIGKILL');
  }
}
