import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Clock } from '../lib/clock.ts';
import { ConflictError } from '../lib/errors.ts';
import { isoTime } from '../lib/iso-time.ts';
import { generateId } from '../lib/secrets.ts';
import type { Store } from '../store/store.ts';
import type { ConversationRows } from '../store/archive-store.ts';
import { readProfile } from '../company/stored-settings.ts';
import { heldAmong, searchHoldFilters } from '../compliance/holds.ts';
import { recordAudit } from '../audit/audit.ts';
import {
  archivedConversations,
  ArchiveWriter,
  newArchiveName,
  newManifest,
  verifyArchive,
  writeManifest,
  type ArchiveCounts,
} from './archive-file.ts';

// An archive run, step by step: take the lease (one run at a time, on any instance or process);
// walk the conversations due, oldest first, a batch at a time, leaving out held ones; write their
// rows to one compressed file; flush, rename, write the manifest and read both back; only then
// delete, a batch per transaction, each conversation only if its rows are still those written
// and no hold covers it now. A crash before the deletion leaves an archive whose conversations
// still exist: restoring it skips them, and the next run archives them again.

export interface ArchiveDeps {
  store: Store;
  clock: Clock;
  config: { archiveDir: string };
}

export interface ArchiveProgress {
  due: number;
  held: number;
  written: number;
  archived: number;
}

export interface ArchiveRunOptions {
  dryRun?: boolean | undefined;
  onProgress?: ((progress: ArchiveProgress) => void) | undefined;
  /** Stops the run between batches (the server shutting down). */
  signal?: AbortSignal | undefined;
  /** Who ran it, for the audit log: null for the CLI and the schedule. */
  userId?: string | null | undefined;
}

export interface ArchiveRunResult extends ArchiveProgress {
  dryRun: boolean;
  /** The data file and its manifest; null when nothing was written. */
  file: string | null;
  manifest: string | null;
  /** Written, but changed (a new answer, a rating) before the deletion: kept, archived again later. */
  changed: number;
  counts: ArchiveCounts;
}

/** Another run holds the lease: this one did nothing. */
export class ArchiveBusyError extends ConflictError {}

const LEASE = 'archive';
const LEASE_SECONDS = 600;
const BATCH = 200;

const digestOf = (rows: ConversationRows) =>
  createHash('sha256').update(JSON.stringify(rows)).digest('hex');

export async function runArchive(
  deps: ArchiveDeps,
  options: ArchiveRunOptions = {},
): Promise<ArchiveRunResult> {
  const { store, clock } = deps;
  const holder = generateId();
  const now = clock.nowSeconds();
  if (
    !options.dryRun &&
    !(await store.archive.takeLease(LEASE, holder, now, now + LEASE_SECONDS))
  ) {
    throw new ArchiveBusyError('Another archive run is in progress; try again when it has ended');
  }
  const renew = async () => {
    const until = clock.nowSeconds() + LEASE_SECONDS;
    if (!options.dryRun && !(await store.archive.renewLease(LEASE, holder, until))) {
      throw new ArchiveBusyError('The archive run lost its lease to another run, and stopped');
    }
  };
  try {
    return await archiveDue(deps, options, now, renew);
  } finally {
    if (!options.dryRun) {
      await store.archive.releaseLease(LEASE, holder);
    }
  }
}

async function archiveDue(
  deps: ArchiveDeps,
  options: ArchiveRunOptions,
  now: number,
  renew: () => Promise<void>,
): Promise<ArchiveRunResult> {
  const { store } = deps;
  const companyDays = (await readProfile(store)).archiveAfterDays ?? null;
  const searchFilters = await searchHoldFilters(store);
  const result: ArchiveRunResult = {
    dryRun: options.dryRun === true,
    file: null,
    manifest: null,
    due: 0,
    held: 0,
    written: 0,
    archived: 0,
    changed: 0,
    counts: { conversations: 0, messages: 0, files: 0 },
  };
  const written = new Map<string, string>();
  let writer: ArchiveWriter | undefined;
  try {
    for (let after; ;) {
      options.signal?.throwIfAborted();
      const due = await store.archive.listDue({ now, companyDays, limit: BATCH, after });
      after = due.at(-1);
      if (!after) {
        break;
      }
      const held = await heldAmong(
        store,
        due.map((c) => c.id),
        searchFilters,
      );
      result.due += due.length;
      result.held += held.size;
      const eligible = due.map((c) => c.id).filter((id) => !held.has(id));
      if (!options.dryRun && eligible.length > 0) {
        writer ??= await ArchiveWriter.create(
          deps.config.archiveDir,
          newArchiveName(new Date(now * 1000)),
        );
        for (const rows of await store.archive.readRows(eligible)) {
          await writer.write(rows);
          written.set(rows.conversation.id, digestOf(rows));
          result.counts.messages += rows.messages.length;
          result.counts.files += rows.files.length;
        }
        result.written = result.counts.conversations = written.size;
        await renew();
      }
      options.onProgress?.(result);
    }
    if (!writer) {
      return result;
    }
    const file = await writer.finish();
    writer = undefined;
    result.file = file.path;
    const manifest = newManifest(file.path, isoTime(now), file, result.counts, [...written.keys()]);
    result.manifest = await writeManifest(file.path, manifest);
  } catch (error) {
    await writer?.abandon();
    throw error;
  }
  await readBack(result, written);
  await deleteArchived(deps, result, written, renew, options);
  await recordAudit(store, deps.clock, {
    event: 'conversations_archived',
    userId: options.userId ?? null,
    details: {
      file: result.file,
      archived: result.archived,
      written: result.written,
      held: result.held,
      changed: result.changed,
    },
  });
  return result;
}

/** The files as the disk holds them must be what was written, line by line, before any deletion. */
async function readBack(result: ArchiveRunResult, written: Map<string, string>): Promise<void> {
  const path = result.file as string;
  try {
    const { dataPath } = await verifyArchive(path);
    const read: string[] = [];
    for await (const rows of archivedConversations(dataPath)) {
      if (written.get(rows.conversation.id) !== digestOf(rows)) {
        throw new Error(`conversation ${rows.conversation.id} reads back differently`);
      }
      read.push(rows.conversation.id);
    }
    if (read.length !== written.size) {
      throw new Error(`${read.length} of ${written.size} conversations read back`);
    }
  } catch (error) {
    // Nothing was deleted; a wrong archive is worse than none.
    await Promise.all([rm(path, { force: true }), rm(result.manifest as string, { force: true })]);
    throw new Error(`The archive ${path} did not read back as written, and was removed`, {
      cause: error,
    });
  }
}

async function deleteArchived(
  deps: ArchiveDeps,
  result: ArchiveRunResult,
  written: Map<string, string>,
  renew: () => Promise<void>,
  options: ArchiveRunOptions,
): Promise<void> {
  const ids = [...written.keys()];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const deleted = await deps.store.transaction(async (tx) => {
      // Read again, locked: only rows still as written go, and holds placed meanwhile count.
      const unchanged = (await tx.archive.readRows(batch))
        .filter((rows) => written.get(rows.conversation.id) === digestOf(rows))
        .map((rows) => rows.conversation.id);
      const held = await heldAmong(tx, unchanged);
      result.held += held.size;
      result.changed += batch.length - unchanged.length;
      return tx.archive.deleteUnheld(unchanged.filter((id) => !held.has(id)));
    });
    result.archived += deleted;
    await renew();
    options.onProgress?.(result);
  }
}
