import { describe, expect, it } from 'vitest';
import { askEngine } from '../../src/chat/engines/ask-engine.ts';
import type { EngineMessage, EngineSettings } from '../../src/chat/engines/engine.ts';
import { CONVERSATION, failureOf } from '../helpers/fake-providers/engine-contract.ts';

const DEMO: EngineSettings = {
  engine: 'demo',
  model: 'demo',
  endpoint: null,
  region: null,
  apiKey: null,
  temperature: null,
  maxOutputTokens: null,
};

const ANSWER =
  'Demo engine (no AI model was called): you said "Give an example.". ' +
  'I received 4 messages, the system prompt included.';

async function readAll(messages: EngineMessage[]): Promise<string[]> {
  const deltas: string[] = [];
  for await (const delta of askEngine(DEMO, messages, { timeoutMs: 5000 }).textStream) {
    deltas.push(delta);
  }
  return deltas;
}

describe('demo engine', () => {
  it('echoes the last user message and counts the messages, the system prompt included', async () => {
    expect((await readAll(CONVERSATION)).join('')).toBe(ANSWER);
  });

  it('quotes at most 200 characters and counts a lone message', async () => {
    const long = 'a'.repeat(250);
    const answer = (await readAll([{ role: 'user', content: long }])).join('');
    expect(answer).toBe(
      `Demo engine (no AI model was called): you said "${'a'.repeat(200)}". I received 1 message.`,
    );
  });

  it('streams the answer word by word, pausing between words', async () => {
    const started = performance.now();
    const deltas = await readAll(CONVERSATION);
    const elapsed = performance.now() - started;
    expect(deltas).toEqual(ANSWER.match(/\S+\s*/g));
    expect(deltas.length).toBeGreaterThan(10);
    // Timers never fire early by more than a millisecond.
    expect(elapsed).toBeGreaterThanOrEqual((deltas.length - 1) * 9);
  });

  it('reports usage as a quarter of the characters, rounded up', async () => {
    const answer = askEngine(DEMO, CONVERSATION, { timeoutMs: 5000 });
    const deltas: string[] = [];
    for await (const delta of answer.textStream) {
      deltas.push(delta);
    }
    expect(deltas.join('')).toBe(ANSWER);
    const promptChars = CONVERSATION.reduce((sum, message) => sum + message.content.length, 0);
    await expect(answer.usage).resolves.toEqual({
      promptTokens: Math.ceil(promptChars / 4),
      completionTokens: Math.ceil(ANSWER.length / 4),
    });
  });

  it('stops streaming when the caller aborts', async () => {
    const caller = new AbortController();
    const answer = askEngine(DEMO, CONVERSATION, { signal: caller.signal, timeoutMs: 5000 });
    const received: string[] = [];
    const reason = new Error('the client went away');
    const reading = (async () => {
      for await (const delta of answer.textStream) {
        received.push(delta);
        caller.abort(reason);
      }
    })();
    await expect(reading).rejects.toBe(reason);
    await expect(answer.usage).rejects.toBe(reason);
    // A word already on its way may still arrive; the rest of the answer must not.
    expect(received[0]).toBe('Demo ');
    expect(received.length).toBeLessThanOrEqual(2);
  });

  it('times out like any engine', async () => {
    const answer = askEngine(DEMO, CONVERSATION, { timeoutMs: 30 });
    const received: string[] = [];
    const error = await failureOf(answer, received);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('The demo engine did not answer within 0.03 s');
    expect(received.length).toBeGreaterThan(0);
    expect(received.join('')).not.toBe(ANSWER);
  });
});
