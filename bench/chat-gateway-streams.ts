import { setTimeout as sleep } from 'node:timers/promises';
import type { Target } from './target.ts';
import { newConversation, streamTurn, type Caller } from './chat-gateway-turns.ts';
import type { ChatGatewaySettings } from './chat-gateway.ts';
import { percentiles, type Failures, type Latencies } from './chat-gateway-stats.ts';

/** One round of streams opened at once: how they went, and the server's memory. */
export interface StreamRound {
  streams: number;
  completed: number;
  /** The most streams between their `start` and their end at one time. */
  openAtOnce: number;
  /** From the first request sent to the last stream's end. */
  seconds: number;
  durationMs: Latencies;
  peakRssBytes: number;
  /** The RSS over the last of ten quiet seconds after the round (for information). */
  settledRssBytes: number;
  /**
   * Then the V8 heap used and the RSS after a full garbage collection, or why the child could
   * not collect. The heap is what "flat memory" is judged on: the RSS mostly holds garbage V8
   * has not yet collected, and heap it keeps reserved after collecting.
   */
  afterGc: { heapUsedBytes: number; rssBytes: number } | { unavailable: string };
}

const CONVERSATIONS_AT_ONCE = 20;
// V8 shrinks an idle heap on its own (its memory reducer starts a few seconds after the
// allocations stop): the settled RSS waits for it. It is reported, not judged.
const SETTLE_SECONDS = 10;

/** The highest RSS over the last of `seconds` quiet seconds (the child samples every 100 ms). */
export async function quietRss(target: Target, seconds = SETTLE_SECONDS): Promise<number> {
  await sleep((seconds - 1) * 1000);
  await target.stats();
  await sleep(1000);
  return (await target.stats()).peakRssBytes;
}

/** The heap used and the RSS after a full collection in the child, or why there is none. */
export async function heapAfterGc(target: Target): Promise<StreamRound['afterGc']> {
  try {
    const { usedBytes, rssBytes } = await target.heapAfterGc();
    return { heapUsedBytes: usedBytes, rssBytes };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A conversation each, made beforehand; then every stream's ChatWithAgent sent at once, each
 * read to its end and checked; the peak RSS under them, the RSS once they are over, then the
 * heap used after a full garbage collection.
 */
export async function measureStreams(
  target: Target,
  caller: Caller,
  agentId: string,
  settings: ChatGatewaySettings,
  failures: Failures,
): Promise<StreamRound> {
  const conversations: string[] = [];
  while (conversations.length < settings.streams) {
    const batch = Math.min(CONVERSATIONS_AT_ONCE, settings.streams - conversations.length);
    conversations.push(
      ...(await Promise.all(Array.from({ length: batch }, () => newConversation(caller, agentId)))),
    );
  }
  await target.stats();
  let open = 0;
  let openAtOnce = 0;
  const durations: number[] = [];
  const started = performance.now();
  await Promise.all(
    conversations.map(async (conversationId) => {
      let opened = false;
      try {
        const streamed = await streamTurn(caller, conversationId, (event) => {
          if (event.event === 'start') {
            opened = true;
            open += 1;
            openAtOnce = Math.max(openAtOnce, open);
          }
        });
        durations.push(streamed.ms);
      } catch (error) {
        failures.note(error);
      } finally {
        open -= opened ? 1 : 0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const peakRssBytes = (await target.stats()).peakRssBytes;
  const settledRssBytes = await quietRss(target);
  return {
    streams: settings.streams,
    completed: durations.length,
    openAtOnce,
    seconds,
    durationMs: percentiles(durations),
    peakRssBytes,
    settledRssBytes,
    afterGc: await heapAfterGc(target),
  };
}
