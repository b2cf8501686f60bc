import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askEngine } from '../../src/chat/engines/ask-engine.ts';
import { EngineError, type EngineSettings } from '../../src/chat/engines/engine.ts';
import { CONVERSATION, failureOf, promptly } from '../helpers/fake-providers/engine-contract.ts';
import {
  errorReply,
  gate,
  startFakeProvider,
  streamReply,
  type FakeProvider,
} from '../helpers/fake-providers/fake-server.ts';
import { event, openAiWire } from '../helpers/fake-providers/openai-wire.ts';

const KEY = 'sk-fakeKey0123456789abcdefABCDEF';

function settingsFor(fake: FakeProvider, overrides: Partial<EngineSettings> = {}): EngineSettings {
  return {
    engine: 'openai',
    model: 'gpt-4o-mini',
    endpoint: `${fake.origin}/v1`,
    region: null,
    apiKey: KEY,
    temperature: null,
    maxOutputTokens: null,
    ...overrides,
  };
}

/** Replies with the first delta and holds the rest until the returned gate opens. */
function holdAfterFirstDelta(fake: FakeProvider): { open(): void } {
  const hold = gate();
  const frames = openAiWire.answer(['One ', 'two ', 'three.'], { input: 5, output: 3 });
  fake.reply = streamReply(openAiWire.contentType, frames, { holdAfterFirst: hold.opened });
  return hold;
}

describe('askEngine', () => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(() => fake.close());

  it.each([
    ['openai', { apiKey: null }, "fill in the agent's API key"],
    ['mistral', { apiKey: '  ' }, "fill in the agent's API key"],
    ['google', { apiKey: null }, "fill in the agent's API key"],
    ['azure-openai', { apiKey: null }, "fill in the agent's API key"],
    ['azure-openai', { endpoint: null }, "fill in the agent's endpoint"],
    ['llama', { endpoint: null }, "fill in the agent's endpoint"],
    ['bedrock', { apiKey: null }, "fill in the agent's API key"],
    ['openai', { endpoint: 'ftp://example.com' }, "check the agent's endpoint"],
    ['openai', { maxOutputTokens: 0 }, "check the agent's settings"],
    ['demo', { maxOutputTokens: 2.5 }, "check the agent's settings"],
  ] as const)('%s with %o fails before calling anyone', async (engine, missing, advice) => {
    const settings = settingsFor(fake, { engine, ...missing });
    const error = await failureOf(askEngine(settings, CONVERSATION, { timeoutMs: 5000 }));
    expect(error.kind).toBe('unavailable');
    expect(error.engine).toBe(engine);
    expect(error.message).toContain(`The ${engine} engine`);
    expect(error.message).toContain(advice);
    expect(fake.requests).toHaveLength(0);
  });

  it("ends with the caller's abort reason when the caller aborts, and hangs up", async () => {
    const hold = holdAfterFirstDelta(fake);
    const caller = new AbortController();
    const answer = askEngine(settingsFor(fake), CONVERSATION, {
      signal: caller.signal,
      timeoutMs: 5000,
    });
    const deltas = answer.textStream[Symbol.asyncIterator]();
    expect(await promptly(deltas.next(), 'the first delta')).toEqual({
      done: false,
      value: 'One ',
    });
    const reason = new Error('the client went away');
    caller.abort(reason);
    await expect(deltas.next()).rejects.toBe(reason);
    await expect(answer.usage).rejects.toBe(reason);
    await promptly((await fake.request()).abandoned, 'the fake to see the request aborted');
    hold.open();
  });

  it('sends nothing when the caller has already aborted', async () => {
    const caller = new AbortController();
    caller.abort(new Error('gone already'));
    const answer = askEngine(settingsFor(fake), CONVERSATION, {
      signal: caller.signal,
      timeoutMs: 5000,
    });
    await expect(answer.textStream[Symbol.asyncIterator]().next()).rejects.toThrow('gone already');
    await expect(answer.usage).rejects.toThrow('gone already');
    expect(fake.requests).toHaveLength(0);
  });

  it('hangs up on the provider when the reader stops early', async () => {
    const hold = holdAfterFirstDelta(fake);
    const answer = askEngine(settingsFor(fake), CONVERSATION, { timeoutMs: 5000 });
    for await (const delta of answer.textStream) {
      expect(delta).toBe('One ');
      break;
    }
    await promptly((await fake.request()).abandoned, 'the fake to see the request aborted');
    await expect(answer.usage).rejects.toMatchObject({ name: 'AbortError' });
    hold.open();
  });

  it('counts zero tokens when the provider reports no usage', async () => {
    const frames = openAiWire.answer(['Fine.'], { input: 3, output: 1 });
    const withoutUsage = frames.filter((frame) => !String(frame).includes('"usage"'));
    expect(withoutUsage).toHaveLength(frames.length - 1);
    fake.reply = streamReply(openAiWire.contentType, withoutUsage);
    const answer = askEngine(settingsFor(fake), CONVERSATION, { timeoutMs: 5000 });
    const deltas: string[] = [];
    for await (const delta of answer.textStream) {
      deltas.push(delta);
    }
    expect(deltas).toEqual(['Fine.']);
    await expect(answer.usage).resolves.toEqual({ promptTokens: 0, completionTokens: 0 });
  });

  it('reports a stream it cannot read as unavailable', async () => {
    const frames = [event({ choices: 'not a list' }), 'data: [DONE]\n\n'];
    fake.reply = streamReply(openAiWire.contentType, frames);
    const error = await failureOf(askEngine(settingsFor(fake), CONVERSATION, { timeoutMs: 5000 }));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/^The openai engine failed \(.+\); try again later$/);
  });

  it('quotes an unparsable error body, redacted and cut to 200 characters', async () => {
    const body = `<html>Bad key ${KEY} ${'x'.repeat(400)}</html>`;
    fake.reply = errorReply(403, body, { 'content-type': 'text/html' });
    const error = await failureOf(askEngine(settingsFor(fake), CONVERSATION, { timeoutMs: 5000 }));
    expect(error.message).toContain(
      'The openai engine answered HTTP 403 (<html>Bad key [redacted] x',
    );
    expect(error.message).not.toContain(KEY);
    const quoted = /\((.*)\)/.exec(error.message)?.[1] ?? '';
    expect(quoted.length).toBe(200);
    expect(quoted.endsWith('…')).toBe(true);
  });

  it('leaves no unhandled rejection when the caller reads the text but never the usage', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      fake.reply = errorReply(500, openAiWire.errorBody(500, 'Boom.'));
      const answer = askEngine(settingsFor(fake), CONVERSATION, { timeoutMs: 5000 });
      await expect(answer.textStream[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(
        EngineError,
      );
      // Node reports an unhandled rejection once the microtask queue has drained.
      await nextTurn();
      await nextTurn();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
