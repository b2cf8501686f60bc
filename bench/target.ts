import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  ChildMessage,
  DatasetReport,
  InsightTarget,
  OAuthTarget,
  ParentMessage,
  RecordingCost,
  TargetKind,
  UploadTarget,
} from './protocol.ts';

/** A server child listening on loopback, and the requests the parent can make of it. */
export interface Target {
  kind: TargetKind;
  /** The child's process id (its CPU profile's file name carries it). */
  pid: number | undefined;
  baseUrl: string;
  oauth: OAuthTarget | undefined;
  token: string | undefined;
  seed: DatasetReport | undefined;
  uploads: UploadTarget | undefined;
  insight: InsightTarget | undefined;
  /** Fresh authorization codes for `oauth`'s client, each redeemable once. */
  mint(count: number): Promise<string[]>;
  /** Peak RSS and SQL statements since the last call. */
  stats(): Promise<{ peakRssBytes: number; statements: number }>;
  /** CPU time (user + system) the child has used since it started. */
  cpuMicros(): Promise<number>;
  /** Records `turns` turns' activity in the child, as AskAgent does, one after the other. */
  record(turns: number): Promise<RecordingCost>;
  /**
   * The V8 heap used and the RSS after a full garbage collection; rejects if the child cannot
   * collect (started without `--expose-gc`).
   */
  heapAfterGc(): Promise<{ usedBytes: number; rssBytes: number }>;
  close(): Promise<void>;
}

const SERVER_ENTRY = fileURLToPath(new URL('./server.ts', import.meta.url));
const CLOSE_GRACE_MS = 10_000;

const running = new Set<ChildProcess>();

/** Node flags for the server children, e.g. `--cpu-prof` (see bench/README.md). */
export function startTarget(
  kind: TargetKind,
  env: Record<string, string> = {},
  nodeFlags: string[] = [],
): Promise<Target> {
  const child = fork(SERVER_ENTRY, [kind], {
    execArgv: ['--import', import.meta.resolve('tsx'), ...nodeFlags],
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
    child.once('message', (message: ChildMessage) => {
      child.off('exit', early);
      if (message.type === 'failed') {
        reject(new Error(`the ${kind} server failed to start: ${message.message}`));
        return;
      }
      if (message.type !== 'ready') {
        reject(new Error(`the ${kind} server sent ${message.type} before ready`));
        return;
      }
      resolve({
        kind,
        pid: child.pid,
        baseUrl: `http://127.0.0.1:${message.port}`,
        oauth: message.oauth,
        token: message.token,
        seed: message.seed,
        uploads: message.uploads,
        insight: message.insight,
        mint: async (count) => (await ask(child, { type: 'mint', count }, 'minted')).codes,
        stats: async () => {
          const { peakRssBytes, statements } = await ask(child, { type: 'stats' }, 'stats');
          return { peakRssBytes, statements };
        },
        cpuMicros: async () => (await ask(child, { type: 'cpu' }, 'cpu')).micros,
        record: async (turns) => {
          const { cpuMicros, wallMs } = await ask(child, { type: 'record', turns }, 'recorded');
          return { turns, cpuMicros, wallMs };
        },
        heapAfterGc: async () => {
          const { usedBytes, rssBytes } = await ask(child, { type: 'gc' }, 'heap');
          return { usedBytes, rssBytes };
        },
        close: () => closeChild(child),
      });
    });
  });
}

/** One request to the child and its answer; the parent never has two in flight to one child. */
function ask<T extends ChildMessage['type']>(
  child: ChildProcess,
  request: ParentMessage,
  answer: T,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const exited = () => reject(new Error(`the server exited while asked to ${request.type}`));
    child.once('exit', exited);
    child.once('message', (message: ChildMessage) => {
      child.off('exit', exited);
      if (message.type === answer) {
        resolve(message as Extract<ChildMessage, { type: T }>);
      } else {
        reject(new Error(message.type === 'failed' ? message.message : `got ${message.type}`));
      }
    });
    child.send(request);
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
    child.send({ type: 'close' } satisfies ParentMessage);
  });
}

/** For the watchdog: kills the children this process started, by their own handles. */
export function killTargets(): void {
  for (const child of running) {
    child.kill('SIGKILL');
  }
}
