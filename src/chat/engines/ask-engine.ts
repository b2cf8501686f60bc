import { performance } from 'node:perf_hooks';
import type { LanguageModelUsage, TextStreamPart, ToolSet } from 'ai';
import { engineErrorFrom, timeoutError } from './engine-errors.ts';
import {
  EngineError,
  type AnswerStream,
  type AskOptions,
  type EngineMessage,
  type EngineSettings,
  type Usage,
} from './engine.ts';
import { languageModelFor } from './language-model.ts';
import { ProviderCall } from './provider-call.ts';
import { loadSdk } from './sdk-modules.ts';
import { DEFAULT_TOOL_STEPS } from '../../vocabulary/tools.ts';

/**
 * Sends the messages to the agent's engine and streams the answer back.
 *
 * The SDK never throws from streamText: a failed call (HTTP error, refused connection, bad
 * stream) shows up as an `error` part of fullStream, an abort as an `abort` part, and textStream
 * simply ends. So the answer is read from fullStream, and every failure is turned into an
 * EngineError thrown by textStream and rejected by usage. A caller that aborts through
 * options.signal gets the signal's reason instead: that is not the provider failing.
 */
export function askEngine(
  settings: EngineSettings,
  messages: EngineMessage[],
  options: AskOptions,
): AnswerStream {
  const usage = settleable<Usage>();
  // The caller learns of a failure from textStream first and may never await usage.
  usage.promise.catch(() => undefined);
  const call = new ProviderCall(options);
  const explain = (error: unknown): unknown => {
    if (call.timedOut) {
      return timeoutError(settings.engine, options.timeoutMs);
    }
    if (call.cancelledByCaller) {
      return call.signal.reason;
    }
    return engineErrorFrom(error, settings.engine, settings.apiKey);
  };
  const parts = () => streamParts(settings, messages, options, call);
  const started = performance.now();
  const ended: Ended = (answered, failure) =>
    options.metrics?.engineCall({
      engine: settings.engine,
      model: settings.model,
      seconds: (performance.now() - started) / 1000,
      usage: answered,
      failure: answered ? undefined : failure instanceof EngineError ? failure.kind : 'cancelled',
    });
  return { textStream: readText(parts, call, usage, explain, ended), usage: usage.promise };
}

/** Told once, as the call ends: its usage when answered, else what it failed with (if it did). */
type Ended = (answered: Usage | undefined, failure: unknown) => void;

/**
 * The SDK's parts of the answer. The SDK and the engine's provider package are loaded at the
 * first call (the server starts without them); a missing setting, or one the SDK rejects (it
 * validates them synchronously), throws from here. With tools, the SDK runs the model's calls
 * and asks again with their results, until an answer without calls or the step limit.
 */
async function streamParts(
  settings: EngineSettings,
  messages: EngineMessage[],
  { tools, maxSteps = DEFAULT_TOOL_STEPS }: AskOptions,
  call: ProviderCall,
): Promise<AsyncIterable<TextStreamPart<ToolSet>>> {
  const [{ streamText, stepCountIs }, model] = await Promise.all([
    loadSdk(),
    languageModelFor(settings),
  ]);
  const hasTools = tools !== undefined && Object.keys(tools).length > 0;
  return streamText({
    model,
    messages,
    // System messages come from the pipeline (the agent's prompt); without this the SDK warns.
    allowSystemInMessages: true,
    ...(settings.temperature !== null && { temperature: settings.temperature }),
    ...(settings.maxOutputTokens !== null && { maxOutputTokens: settings.maxOutputTokens }),
    ...(hasTools && { tools, stopWhen: stepCountIs(maxSteps) }),
    abortSignal: call.signal,
    maxRetries: 0,
    onError: () => undefined, // reported through fullStream instead of console.error
  }).fullStream;
}

async function* readText(
  parts: () => Promise<AsyncIterable<TextStreamPart<ToolSet>>>,
  call: ProviderCall,
  usage: Settleable<Usage>,
  explain: (error: unknown) => unknown,
  ended: Ended,
): AsyncGenerator<string, void, undefined> {
  let answered: Usage | undefined;
  let failure: unknown;
  try {
    let finished: LanguageModelUsage | undefined;
    // The text of one step and the next (a tool call between them) are paragraphs apart.
    let wrote = false;
    let stepEnded = false;
    for await (const part of await parts()) {
      if (part.type === 'text-delta') {
        if (part.text) {
          if (wrote && stepEnded) {
            yield '\n\n';
          }
          wrote = true;
          stepEnded = false;
        }
        yield part.text;
      } else if (part.type === 'finish-step') {
        stepEnded = true;
      } else if (part.type === 'error') {
        throw part.error;
      } else if (part.type === 'abort') {
        throw call.signal.reason;
      } else if (part.type === 'finish') {
        finished = part.totalUsage;
      }
    }
    if (finished === undefined) {
      throw new Error('the answer ended before the provider finished it');
    }
    answered = {
      promptTokens: finished.inputTokens ?? 0,
      completionTokens: finished.outputTokens ?? 0,
    };
    usage.resolve(answered);
  } catch (error) {
    failure = explain(error);
    usage.reject(failure);
    throw failure;
  } finally {
    // Reached early when the caller stops reading: the provider call must not run on.
    call.end({ answered: answered !== undefined });
    if (answered === undefined) {
      usage.reject(new DOMException('The answer was not read to the end', 'AbortError'));
    }
    ended(answered, failure);
  }
}

interface Settleable<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

function settleable<T>(): Settleable<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}
