import type { Clock } from '../lib/clock.ts';
import { ValidationError } from '../lib/errors.ts';
import type { Store } from '../store/store.ts';
import { recordAudit } from '../audit/audit.ts';
import { archivedConversations, verifyArchive } from './archive-file.ts';

export interface RestoreResult {
  file: string;
  conversations: number;
  restored: number;
  /** Already in the database (an archive whose run stopped before deleting, or restored twice). */
  present: number;
  /** Conversations whose owner has been deleted since: a conversation needs its user. */
  ownerMissing: string[];
}

/**
 * Puts an archive's conversations back as they were, each absent one in a transaction of its
 * own; those present are left alone, so restoring twice (or an archive whose run stopped before
 * its deletion) duplicates nothing. The checksum is checked first: a changed file restores nothing.
 */
export async function restoreArchive(
  deps: { store: Store; clock: Clock },
  path: string,
  options: { userId?: string | null; onProgress?: (result: RestoreResult) => void } = {},
): Promise<RestoreResult> {
  const { dataPath, manifest } = await verifyArchive(path);
  const result: RestoreResult = {
    file: dataPath,
    conversations: 0,
    restored: 0,
    present: 0,
    ownerMissing: [],
  };
  for await (const rows of archivedConversations(dataPath)) {
    const id = rows.conversation.id;
    if (manifest.conversationIds[result.conversations] !== id) {
      throw new ValidationError(`${dataPath} holds conversation ${id} where its manifest does not`);
    }
    result.conversations += 1;
    const outcome = await deps.store.archive.restore(rows);
    if (outcome === 'ownerMissing') {
      result.ownerMissing.push(id);
    } else {
      result[outcome] += 1;
    }
    options.onProgress?.(result);
  }
  if (result.conversations !== manifest.conversationIds.length) {
    throw new ValidationError(
      `${dataPath} holds ${result.conversations} of the ${manifest.conversationIds.length} conversations its manifest lists`,
    );
  }
  await recordAudit(deps.store, deps.clock, {
    event: 'conversations_restored',
    userId: options.userId ?? null,
    details: {
      file: dataPath,
      restored: result.restored,
      present: result.present,
      ownerMissing: result.ownerMissing.length,
    },
  });
  return result;
}
