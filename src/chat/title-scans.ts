import type { AgentRecord, ConversationRecord } from '../store/chat-store.ts';
import { enforceScanners, policiesFor, type ScanningDeps } from '../scanners/enforce.ts';
import { Vault } from '../scanners/redaction.ts';

type Labels = Partial<Pick<ConversationRecord, 'title' | 'metadata'>>;

/**
 * A conversation's title and metadata values are scanned as titles, under its agent's policy:
 * a block refuses the change, a redaction is what gets stored.
 */
export async function scanLabels(
  deps: ScanningDeps,
  scope: {
    userId: string;
    agent: AgentRecord | null;
    conversationId: string | null;
    clientIp: string | null;
  },
  labels: Labels,
): Promise<Labels> {
  const policies = await policiesFor(deps.store, scope.agent);
  if (!deps.runner.scansDirection(policies, 'title')) {
    return labels;
  }
  const vault = new Vault();
  const scan = async (text: string) =>
    text
      ? (await enforceScanners(deps, policies, { ...scope, text, direction: 'title' }, vault)).text
      : text;
  const result: Labels = {};
  if (labels.title !== undefined) {
    result.title = await scan(labels.title);
  }
  if (labels.metadata !== undefined) {
    const entries: [string, string][] = [];
    for (const [key, value] of Object.entries(labels.metadata)) {
      entries.push([key, await scan(value)]);
    }
    result.metadata = Object.fromEntries(entries);
  }
  return result;
}
