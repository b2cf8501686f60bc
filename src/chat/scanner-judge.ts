import type { Store } from '../store/store.ts';
import type { Clock } from '../lib/clock.ts';
import type { Judge } from '../scanners/scanner.ts';
import { askEngine } from './engines/ask-engine.ts';
import { engineSettingsFor } from './engine-settings.ts';
import type { EngineMetrics } from './engines/engine.ts';

/**
 * The AI scanners' judge: asks the scanner agent the admin picked, with its own key (a scanner
 * agent is the company's, never a user's), and returns its whole answer.
 */
export function scannerJudge({
  store,
  clock,
  masterKey,
  timeoutMs,
  metrics,
}: {
  store: Store;
  clock: Clock;
  masterKey: Buffer;
  timeoutMs: number;
  /** The server's; the CLI's one-off scans count nothing. */
  metrics?: EngineMetrics;
}): Judge {
  return async (agentId, instructions, text, signal) => {
    const agent = await store.agents.findById(agentId);
    if (!agent) {
      throw new Error(`The scanner agent "${agentId}" does not exist`);
    }
    const settings = await engineSettingsFor({ store, clock, masterKey }, agent, null);
    const stream = askEngine(
      settings,
      [
        { role: 'system', content: instructions },
        { role: 'user', content: text },
      ],
      { signal, timeoutMs, metrics },
    );
    let answer = '';
    for await (const piece of stream.textStream) {
      answer += piece;
    }
    return answer;
  };
}
