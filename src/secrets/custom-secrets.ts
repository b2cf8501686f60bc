import type { Clock } from '../lib/clock.ts';
import type { Store } from '../store/store.ts';
import type { CustomSecretRecord } from '../store/secrets-store.ts';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { decryptWithMasterKey, encryptWithMasterKey } from '../lib/encryption.ts';
import { recordAudit } from '../audit/audit.ts';
import { MAX_DESCRIPTION_CHARS, MAX_SECRET_CHARS } from '../vocabulary/limits.ts';

// Server Admin → Custom Secrets: API keys and passwords kept once, sealed with the master key,
// written through the API and the CLI but never read back; agents use one by its name.

export interface SecretsDeps {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
}

/** A secret as anyone outside the server sees it: everything but its value. */
export interface SecretView {
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  /** The agents whose API key it is. */
  usedBy: { id: string; name: string }[];
}

export interface SetSecretInput {
  name: string;
  value: string;
  description?: string | undefined;
}

// An environment variable's shape: easy to type in a CLI and to read in a setting.
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

export function parseSecretName(input: string): string {
  const name = input.trim();
  if (!NAME.test(name)) {
    throw new ValidationError(
      `Secret names are 1 to 100 letters, digits, "_", "." or "-", starting with a letter or "_" (e.g. OPENAI_PROD_KEY); "${input}" is not one`,
    );
  }
  return name;
}

export async function listSecrets({ store }: Pick<SecretsDeps, 'store'>): Promise<SecretView[]> {
  return Promise.all((await store.customSecrets.list()).map((secret) => viewOf(store, secret)));
}

/** Creates the secret or replaces its value (and description, when given). */
export async function setSecret(
  { store, clock, masterKey }: SecretsDeps,
  input: SetSecretInput,
): Promise<{ created: boolean; secret: SecretView }> {
  const name = parseSecretName(input.name);
  if (input.value.length === 0 || input.value.length > MAX_SECRET_CHARS) {
    throw new ValidationError(`value must be 1 to ${MAX_SECRET_CHARS} characters`);
  }
  const description = (input.description ?? '').trim();
  if (description.length > MAX_DESCRIPTION_CHARS) {
    throw new ValidationError(`description must be at most ${MAX_DESCRIPTION_CHARS} characters`);
  }
  const now = clock.nowSeconds();
  const existing = await store.customSecrets.find(name);
  const record: CustomSecretRecord = {
    name,
    description: input.description === undefined ? (existing?.description ?? '') : description,
    valueEncrypted: encryptWithMasterKey(masterKey, input.value),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const created = await store.customSecrets.put(record);
  await recordAudit(store, clock, { event: 'secret_set', details: { name, created } });
  return { created, secret: await viewOf(store, record) };
}

/** Refused while an agent or a tool uses it: it would lose its key. */
export async function deleteSecret(
  { store, clock }: Pick<SecretsDeps, 'store' | 'clock'>,
  input: string,
): Promise<void> {
  const name = parseSecretName(input);
  const usedBy = await store.customSecrets.usedBy(name);
  if (usedBy.length > 0) {
    throw new ConflictError(
      `Secret "${name}" is the API key of ${usedBy.map((agent) => `"${agent.name}"`).join(', ')}: give those agents another key (apiKey or apiKeySecret) first`,
    );
  }
  const tools = await store.customSecrets.usedByTools(name);
  if (tools.length > 0) {
    throw new ConflictError(
      `Secret "${name}" is the credential of ${tools.map((tool) => `custom ${tool.kind === 'api' ? 'API' : 'database'} "${tool.name}"`).join(', ')}: give those another secret first`,
    );
  }
  if (!(await store.customSecrets.remove(name))) {
    throw secretNotFound(name);
  }
  await recordAudit(store, clock, { event: 'secret_deleted', details: { name } });
}

/**
 * The secret's value for one use, which the audit log records: who, and for what (an agent's key,
 * or a tool of an agent, such as a custom API's credentials or a database's connection string).
 */
export async function useSecret(
  { store, clock, masterKey }: SecretsDeps,
  name: string,
  use: { userId: string | null; agentId?: string | undefined; tool?: string | undefined },
): Promise<string> {
  const secret = await store.customSecrets.find(name);
  if (!secret) {
    const user =
      use.tool !== undefined
        ? `the tool "${use.tool}" uses`
        : `agent ${use.agentId ?? '(unknown)'} uses as its key`;
    throw new ValidationError(
      `The custom secret "${name}" that ${user} is gone: an admin must set it again (POST /api/Secrets/SetSecret)`,
    );
  }
  const value = decryptWithMasterKey(masterKey, secret.valueEncrypted);
  await recordAudit(store, clock, {
    event: 'secret_used',
    userId: use.userId,
    details: {
      name,
      ...(use.agentId !== undefined && { agentId: use.agentId }),
      ...(use.tool !== undefined && { tool: use.tool }),
    },
  });
  return value;
}

/** A secret an agent may name: it must exist. */
export async function assertSecretExists(store: Store, name: string): Promise<string> {
  const parsed = parseSecretName(name);
  if (!(await store.customSecrets.find(parsed))) {
    throw secretNotFound(parsed);
  }
  return parsed;
}

async function viewOf(store: Store, secret: CustomSecretRecord): Promise<SecretView> {
  const { valueEncrypted: _, ...rest } = secret;
  return { ...rest, usedBy: await store.customSecrets.usedBy(secret.name) };
}

function secretNotFound(name: string): NotFoundError {
  return new NotFoundError(
    `No custom secret named "${name}": create it first (POST /api/Secrets/SetSecret, or airisk secrets set ${name})`,
  );
}
