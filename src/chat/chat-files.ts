import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { AgentRecord, FileRecord, FileSummary } from '../store/chat-store.ts';
import { enforceScanners, policiesFor, type ScanningDeps } from '../scanners/enforce.ts';
import { Vault } from '../scanners/redaction.ts';
import type { Actor } from '../users/user-credentials.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { generateId } from '../lib/secrets.ts';
import { extractText } from '../files/extract-text.ts';
import type { ExtractionPool } from '../files/extraction-pool.ts';
import { findOwnedConversation } from './conversations.ts';
import type { NewActivityEvent } from '../store/activity-store.ts';
import { fileUploadEvent } from '../activity/activity-events.ts';

export interface FilesDeps extends ScanningDeps {
  store: Store;
  clock: Clock;
  extraction: ExtractionPool;
}

/** Whose policy an upload is scanned under (its agent's), and where it came from. */
export interface UploadScan {
  agent: AgentRecord | null;
  clientIp: string | null;
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
  clientIp: string | null,
): Promise<FileSummary> {
  const conversation = await findOwnedConversation(deps.store, userId, conversationId);
  const agent = conversation.agentId
    ? await deps.store.agents.findById(conversation.agentId)
    : null;
  const [file] = await storeFiles(
    deps,
    { userId, uploadedBy: userId, conversationId: conversation.id, agentId: null },
    [upload],
    { agent: agent ?? null, clientIp },
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

/**
 * Extracts and scans every file before storing any, so that one bad file stores none. The text
 * stored (and read by the model) is what the scanners let through: redacted where they redact.
 */
export async function storeFiles(
  deps: FilesDeps,
  target: Pick<FileRecord, 'userId' | 'uploadedBy' | 'conversationId' | 'agentId'>,
  uploads: readonly Upload[],
  scan: UploadScan,
): Promise<FileSummary[]> {
  const { store, clock, extraction } = deps;
  if (uploads.length === 0) {
    throw new ValidationError('Send at least one file as multipart/form-data');
  }
  const now = clock.nowSeconds();
  const files: FileRecord[] = [];
  const events: NewActivityEvent[] = [];
  const policies = await policiesFor(store, scan.agent);
  for (const upload of uploads) {
    const { mediaType, text: extracted } = await extractText(extraction, upload.name, upload.bytes);
    const { text, results } = await enforceScanners(
      deps,
      policies,
      {
        text: extracted,
        direction: 'file',
        userId: target.uploadedBy,
        agent: scan.agent,
        conversationId: target.conversationId,
        clientIp: scan.clientIp,
        file: { name: upload.name, mediaType, sizeBytes: upload.bytes.length },
      },
      new Vault(),
    );
    const file: FileRecord = {
      id: generateId(),
      ...target,
      messageId: null,
      name: upload.name,
      mediaType,
      sizeBytes: upload.bytes.length,
      text,
      createdAt: now,
    };
    files.push(file);
    events.push(
      await fileUploadEvent(now, { ...target, ...scan, userId: target.uploadedBy }, file, results),
    );
  }
  await store.transaction(async (trx) => {
    for (const file of files) {
      await trx.files.insert(file);
    }
    await trx.activity.record(events);
  });
  deps.activitySignal.notify();
  return files.map(({ text: _, ...summary }) => summary);
}
