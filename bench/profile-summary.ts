import { readFile } from 'node:fs/promises';

/** The parts of a V8 CPU profile (`--cpu-prof`) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a sampled function's time goes, by what it belongs to. First match wins; the order
 * puts SQLite's native statement execution (inside Kysely's driver frame) before Kysely. The
 * code path's compiled statements (src/store/code-path-sqlite.ts) run outside Kysely: their time
 * is in better-sqlite3's native methods, frames with no script.
 */
const STATEMENT_METHODS = new Set(['run', 'get', 'all', 'iterate']);

const CATEGORIES: [name: string, matches: (functionName: string, url: string) => boolean][] = [
  ['(idle)', (name) => name === '(idle)'],
  [
    'start-up: loading modules',
    (name, url) =>
      /^node:internal\/(modules|bootstrap|process\/pre_execution)\/|\/node_modules\/tsx\//.test(
        url,
      ) || ['compileSourceTextModule', 'compileFunction', 'receiveMessageOnPort'].includes(name),
  ],
  [
    'SQLite: running statements (native)',
    (name, url) =>
      url.includes('better-sqlite3') ||
      (url.includes('sqlite-driver') && name === 'executeQuery') ||
      (url === '' && STATEMENT_METHODS.has(name)),
  ],
  [
    'PostgreSQL client: protocol, parsing rows',
    (_, url) => /node_modules\/pg(-[a-z]+)?\//.test(url),
  ],
  ['Kysely: building, compiling, transforming queries', (_, url) => url.includes('/kysely/')],
  [
    'crypto: ES256 (jose, WebCrypto), SHA-256, random',
    (_, url) => url.includes('/jose/') || url.includes('internal/crypto'),
  ],
  [
    "the app's own code (src/), its caches",
    (_, url) => url.includes('/src/') || url.includes('lru-cache'),
  ],
  [
    'HTTP: Node, Fastify, validation, serialization',
    (name, url) =>
      /fastify|find-my-way|ajv|fast-|_http|stream|node:net|node:events|avvio/.test(url) ||
      /^write/.test(name),
  ],
  ['garbage collection', (name) => name === '(garbage collector)'],
  ['other: V8, microtasks, timers', () => true],
];

/**
 * The busy time of a CPU profile by category, as Markdown rows: what bounds a server's
 * throughput, without the idle time (other servers were under load) or the start-up.
 */
export async function summarizeProfile(file: string): Promise<string[]> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const categoryOf = new Map(
    profile.nodes.map(({ id, callFrame: { functionName, url } }) => [
      id,
      CATEGORIES.find(([, matches]) => matches(functionName, url))![0],
    ]),
  );
  const time = new Map<string, number>();
  profile.samples.forEach((node, index) => {
    const category = categoryOf.get(node) ?? 'other';
    time.set(category, (time.get(category) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  time.delete('(idle)');
  time.delete('start-up: loading modules');
  const busy = [...time.values()].reduce((sum, value) => sum + value, 0);
  return [...time]
    .sort(([, a], [, b]) => b - a)
    .map(([category, micros]) => `| ${category} | ${Math.round((100 * micros) / busy)} % |`)
    .concat(`| busy time | ${(busy / 1e6).toFixed(1)} s |`);
}
