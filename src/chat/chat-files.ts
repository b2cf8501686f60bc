import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { FileRecord, FileSummary } from '../store/chat-store.ts';
import type { Actor } from '../users/user-credentials.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { extractText } from '../files/extract-text.ts';
import type { ExtractionPool } from '../files/extraction-pool.ts';
import { findOwnedConversation } from './conversations.ts';

export interface FilesDeps {
  store: Store;
  clock: Clock;
  extraction: ExtractionPool;
}

export interface Upload {
  name: string;
  bytes: Buffer;
}

/** The file's text goes to the model with the conversation's next questions. */
export async function addFileToConversation(
  deps: FilesDeps,
  userId: string,
  conversationId: string,
  upload: Upload,
): Promise<FileSummary> {
  const conversation = await findOwnedConversation(deps.store, userId, conversationId);
  const [file] = await storeFiles(
    deps,
    { userId, uploadedBy: userId, conversationId: conversation.id, agentId: null },
    [upload],
  );
  return file as FileSummary;
}

/**
 * A user deletes their own files; a CompanyAdmin also any file of an agent (shared, or a user's
 * own for the agent: what ListAgentFiles shows them). A shared file the user reads but may not
 * delete is 403; anything else of someone else's is as absent as a missing file.
 */
export async function deleteFile(
  { store }: Pick<FilesDeps, 'store'>,
  actor: Actor,
  fileId: string,
): Promise<void> {
  const file = await store.files.findById(fileId);
  if (!file) {
    throw fileNotFound(fileId);
  }
  await assertMayDelete(store, actor, file);
  if (!(await store.files.remove(fileId))) {
    throw fileNotFound(fileId);
  }
}

async function assertMayDelete(store: Store, actor: Actor, file: FileSummary): Promise<void> {
  if (file.userId === actor.userId) {
    return;
  }
  if (file.agentId !== null && actor.roles.includes('CompanyAdmin')) {
    return;
  }
  const sharingAgentId = file.userId === null ? file.agentId : null;
  if (sharingAgentId !== null && (await store.agents.findUsable(sharingAgentId, actor.userId))) {
    throw new ForbiddenError(
      "Deleting an agent's shared file requires the CompanyAdmin role",
      'CompanyAdmin',
    );
  }
  throw fileNotFound(file.id);
}

function fileNotFound(fileId: string): NotFoundError {
  return new NotFoundError(`No file with id "${fileId}"`);
}

/** Extracts every file before storing any, so that one bad file stores none. */
export async function storeFiles(
  { store, clock, extraction }: FilesDeps,
  target: Pick<FileRecord, 'userId' | 'uploadedBy' | 'conversationId' | 'agentId'>,
  uploads: readonly Upload[],
): Promise<FileSummary[]> {
  if (uploads.length === 0) {
    throw new ValidationError('Send at least one file as multipart/form-data');
  }
  const now = clock.nowSeconds();
  const files: FileRecord[] = [];
  for (const upload of uploads) {
    const { mediaType, text } = await extractText(extraction, upload.name, upload.bytes);
    files.push({
      id: generateId(),
      ...target,
      messageId: null,
      name: upload.name,
      mediaType,
      sizeBytes: upload.bytes.length,
      text,
      createdAt: now,
    });
  }
  await store.transaction(async (trx) => {
    for (const file of files) {
      await trx.files.insert(file);
    }
  });
  return files.map(({ text: _, ...summary }) => summary);
}
