import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askEngine } from '../../../src/chat/engines/ask-engine.ts';
import {
  EngineError,
  type AnswerStream,
  type EngineMessage,
  type EngineSettings,
} from '../../../src/chat/engines/engine.ts';
import { freePort } from '../listening-app.ts';
import {
  errorReply,
  gate,
  silentReply,
  startFakeProvider,
  streamReply,
  type FakeProvider,
  type ProviderWire,
  type RecordedRequest,
} from './fake-server.ts';

export const CONVERSATION: EngineMessage[] = [
  { role: 'system', content: 'You assess AI risks.' },
  { role: 'user', content: 'What is a risk?' },
  { role: 'assistant', content: 'A possible harm.' },
  { role: 'user', content: 'Give an example.' },
];

const SHORT_TIMEOUT_MS = 300;
/** How late a timeout may be reported on a busy CI machine. */
const TIMEOUT_SLACK_MS = 1500;
/** How long the tests wait for what should happen at once before failing. */
const PROMPTLY_MS = 3000;

export interface EngineCase {
  wire: ProviderWire;
  /** The engine's settings, pointed at a provider listening at `origin`. */
  settings(origin: string): EngineSettings;
}

/** What every engine must do against its provider, whatever the wire format. */
export function describeEngineContract(engineCase: EngineCase): void {
  const { wire } = engineCase;
  let fake: FakeProvider;
  let settings: EngineSettings;
  beforeEach(async () => {
    fake = await startFakeProvider();
    settings = engineCase.settings(fake.origin);
  });
  afterEach(() => fake.close());

  describe('contract', () => {
    it('hands each delta over as soon as the provider writes it, then the usage', async () => {
      const hold = gate();
      const frames = wire.answer(['Risks ', 'are ', 'harms.'], { input: 31, output: 5 });
      fake.reply = streamReply(wire.contentType, frames, { holdAfterFirst: hold.opened });
      const answer = askEngine(settings, CONVERSATION, { timeoutMs: 5000 });
      const deltas = answer.textStream[Symbol.asyncIterator]();
      // The provider holds the rest of its answer until the first delta has arrived.
      const first = await promptly(deltas.next(), 'the first delta, while the provider held on');
      expect(first).toEqual({ done: false, value: 'Risks ' });
      hold.open();
      const rest: string[] = [];
      for (let next = await deltas.next(); !next.done; next = await deltas.next()) {
        rest.push(next.value);
      }
      expect(['Risks ', ...rest].join('')).toBe('Risks are harms.');
      await expect(answer.usage).resolves.toEqual({ promptTokens: 31, completionTokens: 5 });
    });

    it('reports a refused key without repeating the key the provider echoed', async () => {
      const key = settings.apiKey ?? '';
      const keyId = key.split(':')[0] ?? '';
      const echo = `Incorrect API key provided: ${key} (key id ${keyId}).`;
      fake.reply = errorReply(401, wire.errorBody(401, echo));
      const error = await failureOf(askEngine(settings, CONVERSATION, { timeoutMs: 5000 }));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain(`The ${settings.engine} engine answered HTTP 401`);
      expect(error.message).toContain('Incorrect API key provided: [redacted]');
      expect(error.message).toContain("check the agent's API key");
      expect(error.message).not.toContain(key);
      expect(error.message).not.toContain(keyId);
    });

    it('passes on a rate limit with the Retry-After the provider sent', async () => {
      const body = wire.errorBody(429, 'Rate limit reached, slow down.');
      fake.reply = errorReply(429, body, { 'retry-after': '7' });
      const error = await failureOf(askEngine(settings, CONVERSATION, { timeoutMs: 5000 }));
      expect(error.kind).toBe('rate-limited');
      expect(error.retryAfterSeconds).toBe(7);
      expect(error.message).toContain(`The ${settings.engine} engine answered HTTP 429`);
    });

    it('reports a provider failure as unavailable', async () => {
      fake.reply = errorReply(500, wire.errorBody(500, 'The server had an error.'));
      const error = await failureOf(askEngine(settings, CONVERSATION, { timeoutMs: 5000 }));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain(`The ${settings.engine} engine answered HTTP 500`);
      expect(error.message).toContain('The server had an error.');
    });

    it('gives up on a provider that never answers, and hangs up on it', async () => {
      fake.reply = silentReply;
      const started = performance.now();
      const answer = askEngine(settings, CONVERSATION, { timeoutMs: SHORT_TIMEOUT_MS });
      const error = await promptly(failureOf(answer), 'the call to time out');
      const elapsed = performance.now() - started;
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe(`The ${settings.engine} engine did not answer within 0.3 s`);
      expect(elapsed).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 5);
      expect(elapsed).toBeLessThan(SHORT_TIMEOUT_MS + TIMEOUT_SLACK_MS);
      await promptly((await fake.request()).abandoned, 'the fake to see the request aborted');
    });

    it('gives up on an answer that stalls half-way, and hangs up on it', async () => {
      const frames = wire.answer(['Risks ', 'are ', 'harms.'], { input: 31, output: 5 });
      fake.reply = streamReply(wire.contentType, frames, { stallAfterFirst: true });
      const answer = askEngine(settings, CONVERSATION, { timeoutMs: SHORT_TIMEOUT_MS });
      const received: string[] = [];
      const error = await promptly(failureOf(answer, received), 'the call to time out');
      expect(received).toEqual(['Risks ']);
      expect(error.kind).toBe('timeout');
      await expect(answer.usage).rejects.toBe(error);
      await promptly((await fake.request()).abandoned, 'the fake to see the request aborted');
    });

    it('reports a provider that cannot be reached as unavailable', async () => {
      const closedPort = await freePort();
      const refused = engineCase.settings(`http://127.0.0.1:${closedPort}`);
      const error = await failureOf(askEngine(refused, CONVERSATION, { timeoutMs: 5000 }));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain(`The ${settings.engine} engine could not be reached`);
      expect(error.message).toContain('ECONNREFUSED');
    });
  });
}

/** Asks the fake for a one-word answer, reads it, and returns the request the fake received. */
export async function sentRequest(
  fake: FakeProvider,
  wire: ProviderWire,
  settings: EngineSettings,
): Promise<RecordedRequest> {
  fake.reply = streamReply(wire.contentType, wire.answer(['Fine.'], { input: 3, output: 1 }));
  const answer = askEngine(settings, CONVERSATION, { timeoutMs: 5000 });
  const deltas: string[] = [];
  for await (const delta of answer.textStream) {
    deltas.push(delta);
  }
  expect(deltas.join('')).toBe('Fine.');
  expect(fake.requests).toHaveLength(1);
  return fake.request();
}

/**
 * Reads the answer to its end, expecting it to fail with an EngineError, and checks that usage
 * rejects with the same error.
 */
export async function failureOf(
  answer: AnswerStream,
  received: string[] = [],
): Promise<EngineError> {
  let failure: unknown;
  try {
    for await (const delta of answer.textStream) {
      received.push(delta);
    }
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(EngineError);
  await expect(answer.usage).rejects.toBe(failure);
  return failure as EngineError;
}

/** Fails the test, naming what it waited for, unless `promise` settles within PROMPTLY_MS. */
export async function promptly<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Waited ${PROMPTLY_MS} ms for ${what}`)),
      PROMPTLY_MS,
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
