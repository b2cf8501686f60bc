import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { FileRecord, FileSummary } from '../store/chat-store.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { extractText } from '../files/extract-text.ts';
import { agentNotFound } from './agents.ts';
import { findOwnedConversation } from './conversations.ts';

export interface FilesDeps {
  store: Store;
  clock: Clock;
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
    userId,
    { conversationId: conversation.id, agentId: null },
    [upload],
  );
  return file as FileSummary;
}

/** The files' text goes to the model in every conversation of this user with the agent. */
export async function addFilesToAgent(
  deps: FilesDeps,
  userId: string,
  agentId: string,
  uploads: readonly Upload[],
): Promise<FileSummary[]> {
  if (!(await deps.store.agents.findUsable(agentId, userId))) {
    throw agentNotFound(agentId);
  }
  return storeFiles(deps, userId, { conversationId: null, agentId }, uploads);
}

export async function deleteFile(
  { store }: Pick<FilesDeps, 'store'>,
  userId: string,
  fileId: string,
): Promise<void> {
  if (!(await store.files.findOwned(fileId, userId)) || !(await store.files.remove(fileId))) {
    throw new NotFoundError(`No file with id "${fileId}"`);
  }
}

/** Extracts every file before storing any, so that one bad file stores none. */
async function storeFiles(
  { store, clock }: FilesDeps,
  userId: string,
  target: Pick<FileRecord, 'conversationId' | 'agentId'>,
  uploads: readonly Upload[],
): Promise<FileSummary[]> {
  if (uploads.length === 0) {
    throw new ValidationError('Send at least one file as multipart/form-data');
  }
  const now = clock.nowSeconds();
  const files: FileRecord[] = [];
  for (const upload of uploads) {
    const { mediaType, text } = await extractText(upload.name, upload.bytes);
    files.push({
      id: generateId(),
      userId,
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
