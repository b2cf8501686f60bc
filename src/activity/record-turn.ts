import type { Store } from '../store/store.ts';
import type { NewActivityEvent } from '../store/activity-store.ts';
import type { ModelPriceRecord } from '../store/usage-store.ts';
import type { Usage } from '../chat/engines/engine.ts';
import { MICROS_PER_DOLLAR } from '../vocabulary/activity.ts';
import type { ScanResult } from '../vocabulary/scanners.ts';
import { activityEvent, scanFacts, type ActivityActor } from './activity-events.ts';

/** An answer's cost in micro-dollars at the model's price; null when the model has none. */
export function costOf(price: ModelPriceRecord | undefined, usage: Usage): number | null {
  if (!price) {
    return null;
  }
  const cost =
    (usage.promptTokens * price.inputMicrosPerMillion +
      usage.completionTokens * price.outputMicrosPerMillion) /
    MICROS_PER_DOLLAR;
  return Math.round(cost);
}

/** A question that reached the model, as the store keeps it. */
export function promptEvent(
  at: number,
  actor: ActivityActor,
  question: { id: string | null; text: string; scans: readonly ScanResult[] },
): Promise<NewActivityEvent> {
  return activityEvent('prompt', at, actor, {
    ...scanFacts(question.scans),
    messageId: question.id,
    text: question.text,
  });
}

/**
 * Records a turn's question and answer in the store (the caller's transaction, with the
 * messages), pricing the answer at the model's current price.
 */
export async function recordTurn(
  store: Store,
  prompt: NewActivityEvent,
  answer: { id: string; text: string; scans: readonly ScanResult[]; usage: Usage },
): Promise<void> {
  const price =
    prompt.engine === null || prompt.model === null
      ? undefined
      : await store.usage.findPrice(prompt.engine, prompt.model);
  await store.activity.record([
    prompt,
    {
      ...prompt,
      ...scanFacts(answer.scans),
      kind: 'answer',
      messageId: answer.id,
      text: answer.text,
      promptTokens: answer.usage.promptTokens,
      completionTokens: answer.usage.completionTokens,
      costMicros: costOf(price, answer.usage),
    },
  ]);
}
