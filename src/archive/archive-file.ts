import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { ValidationError } from '../lib/errors.ts';
import { SERVER_VERSION } from '../lib/server-version.ts';
import type { ConversationRows } from '../store/archive-store.ts';

// An archive is two files written by one run: `archive-<time>-<id>.jsonl.gz`, gzip-compressed
// JSON Lines with one conversation's stored rows per line, and `archive-<time>-<id>.manifest.json`
// describing it (with the SHA-256 of the compressed file). Each is written to a temporary name,
// flushed to disk, then renamed: a crash leaves either a whole file or none under the real name.

export const ARCHIVE_FORMAT = 'airisk-conversation-archive';
export const ARCHIVE_FORMAT_VERSION = 1;
const DATA_SUFFIX = '.jsonl.gz';
const MANIFEST_SUFFIX = '.manifest.json';
// Whole conversations: readable by the server's own user only, as master.key is.
const FILE_MODE = 0o600;

export interface ArchiveCounts {
  conversations: number;
  messages: number;
  files: number;
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  serverVersion: string;
  /** ISO 8601. */
  createdAt: string;
  /** The data file's name, in the manifest's folder. */
  file: string;
  bytes: number;
  sha256: string;
  counts: ArchiveCounts;
  /** In the order of the lines. */
  conversationIds: string[];
}

/** The names of a new run's files: sortable by time, unique by a random suffix. */
export function newArchiveName(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `archive-${stamp}-${randomBytes(4).toString('hex')}`;
}

async function fsyncPath(path: string, flags = 'r'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renames a flushed temporary file into place, and makes the rename itself durable. */
async function commitFile(temporary: string, path: string): Promise<void> {
  await fsyncPath(temporary, 'r+');
  await rename(temporary, path);
  await fsyncPath(dirname(path));
}

/** Streams lines into `<dir>/<name>.jsonl.gz`; nothing is under that name until `finish`. */
export class ArchiveWriter {
  private readonly gzip = createGzip();
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly done: Promise<void>;

  private constructor(
    readonly path: string,
    private readonly temporary: string,
  ) {
    const tap = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        callback(null, chunk);
      },
    });
    this.done = pipeline(
      this.gzip,
      tap,
      createWriteStream(temporary, { flags: 'wx', mode: FILE_MODE }),
    );
    // A failure surfaces from write() or finish(); never as an unhandled rejection meanwhile.
    this.done.catch(() => undefined);
  }

  static async create(dir: string, name: string): Promise<ArchiveWriter> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${name}${DATA_SUFFIX}`);
    return new ArchiveWriter(path, `${path}.partial`);
  }

  async write(rows: ConversationRows): Promise<void> {
    if (!this.gzip.write(`${JSON.stringify(rows)}\n`)) {
      await new Promise<void>((resolve, reject) => {
        this.gzip.once('drain', resolve);
        this.done.catch(reject);
      });
    }
  }

  /** Closes, flushes and renames the file; its size and SHA-256. */
  async finish(): Promise<{ path: string; bytes: number; sha256: string }> {
    this.gzip.end();
    await this.done;
    await commitFile(this.temporary, this.path);
    return { path: this.path, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  async abandon(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => undefined);
    await rm(this.temporary, { force: true });
  }
}

export function manifestPathOf(dataPath: string): string {
  return `${dataPath.slice(0, -DATA_SUFFIX.length)}${MANIFEST_SUFFIX}`;
}

export async function writeManifest(dataPath: string, manifest: ArchiveManifest): Promise<string> {
  const path = manifestPathOf(dataPath);
  const temporary = `${path}.partial`;
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`, {
    flag: 'wx',
    mode: FILE_MODE,
  });
  await commitFile(temporary, path);
  return path;
}

export function newManifest(
  dataPath: string,
  createdAt: string,
  { bytes, sha256 }: { bytes: number; sha256: string },
  counts: ArchiveCounts,
  conversationIds: string[],
): ArchiveManifest {
  return {
    format: ARCHIVE_FORMAT,
    formatVersion: ARCHIVE_FORMAT_VERSION,
    serverVersion: SERVER_VERSION,
    createdAt,
    file: basename(dataPath),
    bytes,
    sha256,
    counts,
    conversationIds,
  };
}

/** The archive's data file and manifest, whichever of the two `path` names. */
function pathsOf(path: string): { data: string; manifest: string } {
  if (path.endsWith(MANIFEST_SUFFIX)) {
    return { manifest: path, data: `${path.slice(0, -MANIFEST_SUFFIX.length)}${DATA_SUFFIX}` };
  }
  if (path.endsWith(DATA_SUFFIX)) {
    return { data: path, manifest: manifestPathOf(path) };
  }
  throw new ValidationError(`${path} is not an archive: its name must end in ${DATA_SUFFIX}`);
}

async function readManifest(path: string): Promise<ArchiveManifest> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new ValidationError(`The archive's manifest ${path} cannot be read`);
  });
  let manifest: Partial<ArchiveManifest>;
  try {
    manifest = JSON.parse(text) as Partial<ArchiveManifest>;
  } catch {
    throw new ValidationError(
      `The archive's manifest ${path} is not JSON: it was changed or damaged`,
    );
  }
  if (manifest.format !== ARCHIVE_FORMAT || manifest.formatVersion !== ARCHIVE_FORMAT_VERSION) {
    throw new ValidationError(
      `${path} is not a manifest of format ${ARCHIVE_FORMAT} version ${ARCHIVE_FORMAT_VERSION}`,
    );
  }
  return manifest as ArchiveManifest;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

export interface VerifiedArchive {
  dataPath: string;
  manifestPath: string;
  manifest: ArchiveManifest;
}

/** The archive's manifest, once its data file's size and SHA-256 are the manifest's. */
export async function verifyArchive(path: string): Promise<VerifiedArchive> {
  const { data, manifest: manifestPath } = pathsOf(path);
  const manifest = await readManifest(manifestPath);
  const size = await stat(data).then(
    (found) => found.size,
    () => {
      throw new ValidationError(`The archive's data file ${data} cannot be read`);
    },
  );
  if (size !== manifest.bytes || (await sha256Of(data)) !== manifest.sha256) {
    throw new ValidationError(
      `${data} does not match its manifest's checksum: the archive was changed or damaged, and is not restored`,
    );
  }
  return { dataPath: data, manifestPath, manifest };
}

/** The conversations of a verified archive's data file, one at a time. */
export async function* archivedConversations(dataPath: string): AsyncGenerator<ConversationRows> {
  const lines = createInterface({ input: createReadStream(dataPath).pipe(createGunzip()) });
  for await (const line of lines) {
    if (line.trim()) {
      yield JSON.parse(line) as ConversationRows;
    }
  }
}

/** Every archive in the folder whose manifest can be read, oldest first (by name). */
export async function listArchives(
  dir: string,
): Promise<{ path: string; manifest: ArchiveManifest }[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      return [];
    }
    throw error;
  });
  const manifests = names.filter((name) => name.endsWith(MANIFEST_SUFFIX)).sort();
  const listed: { path: string; manifest: ArchiveManifest }[] = [];
  for (const name of manifests) {
    const path = join(dir, name);
    const manifest = await readManifest(path).catch(() => undefined);
    if (manifest) {
      listed.push({ path: join(dir, manifest.file), manifest });
    }
  }
  return listed;
}
