import { setTimeout as delay } from 'node:timers/promises';
import type { LanguageModel } from 'ai';
import { demoVerdict } from './demo-judge.ts';
import { demoToolStep, textOf, type DemoToolCall } from './demo-tools.ts';

// `ai` does not re-export @ai-sdk/provider's types (nor does this package depend on it), so the
// interface is taken from the union it does export.
type LanguageModelV3 = Extract<LanguageModel, { specificationVersion: 'v3' }>;
type CallOptions = Parameters<LanguageModelV3['doStream']>[0];
type StreamResult = Awaited<ReturnType<LanguageModelV3['doStream']>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer Part> ? Part : never;
type GenerateResult = Awaited<ReturnType<LanguageModelV3['doGenerate']>>;

const DEFAULT_PAUSE_MS = 10;
export const MAX_DEMO_PAUSE_MS = 60_000;
const PAUSED_MODEL = /^demo-(\d{1,5})ms$/;
const QUOTED_CHARS = 200;
const JUDGE_MODEL = 'judge';

/**
 * The pause before each word the demo engine streams, from its model id: `demo-<N>ms` pauses N
 * milliseconds (0 to MAX_DEMO_PAUSE_MS; 0 sets no timer), any other model 10. Undefined for a
 * model that starts with `demo-` but names no such pause (the agent's settings refuse it).
 */
export function demoPauseMs(modelId: string): number | undefined {
  if (!modelId.startsWith('demo-')) {
    return DEFAULT_PAUSE_MS;
  }
  const pause = Number(PAUSED_MODEL.exec(modelId)?.[1] ?? Number.NaN);
  return pause <= MAX_DEMO_PAUSE_MS ? pause : undefined;
}

/**
 * A built-in engine that calls no AI model: it echoes the last user message, so that the whole
 * chat pipeline can be tried (and streaming watched, e.g. with `curl -N`) without a provider.
 * It streams the answer word by word, pausing before each word as a provider takes time for
 * each token: 10 ms, or what the model id says (`demo-25ms`, `demo-0ms`; demoPauseMs). With
 * the model `judge` it answers as a scanner agent instead (demo-judge.ts). Given tools, it
 * calls one when asked `call <tool> <json>`, then answers with its result (demo-tools.ts).
 */
export function demoModel(modelId: string): LanguageModelV3 {
  const pauseMs = demoPauseMs(modelId) ?? DEFAULT_PAUSE_MS;
  return {
    specificationVersion: 'v3',
    provider: 'demo',
    modelId,
    supportedUrls: {},
    async doGenerate(options): Promise<GenerateResult> {
      const { answer, call, usage } = demoAnswer(modelId, options);
      return {
        content: call ? [{ type: 'tool-call', ...call }] : [{ type: 'text', text: answer }],
        finishReason: call ? TOOL_CALLS : { unified: 'stop', raw: undefined },
        usage,
        warnings: [],
      };
    },
    async doStream(options): Promise<StreamResult> {
      options.abortSignal?.throwIfAborted();
      const { answer, call, usage } = demoAnswer(modelId, options);
      return {
        stream: call
          ? toolCall(call, usage)
          : wordByWord(answer, usage, pauseMs, options.abortSignal),
      };
    },
  };
}

function demoAnswer(
  modelId: string,
  options: CallOptions,
): { answer: string; call?: DemoToolCall; usage: GenerateResult['usage'] } {
  const texts = options.prompt.map(textOf);
  const roles = options.prompt.map((message) => message.role);
  const lastUser = texts[roles.lastIndexOf('user')] ?? '';
  const echo = () => echoOf(lastUser, roles);
  const step = modelId === JUDGE_MODEL ? undefined : demoToolStep(options, echo);
  const call = step && 'call' in step ? step.call : undefined;
  const answer = call
    ? ''
    : step && 'say' in step
      ? step.say
      : modelId === JUDGE_MODEL
        ? demoVerdict(texts[roles.indexOf('system')] ?? '', lastUser)
        : echo();
  const promptChars = texts.reduce((sum, text) => sum + text.length, 0);
  const answerChars = call ? call.toolName.length + call.input.length : answer.length;
  return {
    answer,
    ...(call && { call }),
    usage: usageOf(Math.ceil(promptChars / 4), Math.ceil(answerChars / 4)),
  };
}

function echoOf(lastUser: string, roles: string[]): string {
  const said = lastUser.slice(0, QUOTED_CHARS);
  const count = roles.length;
  const system = roles.includes('system') ? ', the system prompt included' : '';
  return (
    `Demo engine (no AI model was called): you said "${said}". ` +
    `I received ${count} message${count === 1 ? '' : 's'}${system}.`
  );
}

const TOOL_CALLS = { unified: 'tool-calls', raw: 'tool_calls' } as const;

/** A step that only calls a tool: the SDK runs it and asks again with its result. */
function toolCall(call: DemoToolCall, usage: GenerateResult['usage']): ReadableStream<StreamPart> {
  return new ReadableStream<StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: [] });
      controller.enqueue({ type: 'tool-call', ...call });
      controller.enqueue({ type: 'finish', usage, finishReason: TOOL_CALLS });
      controller.close();
    },
  });
}

function wordByWord(
  answer: string,
  usage: GenerateResult['usage'],
  pauseMs: number,
  signal: AbortSignal | undefined,
): ReadableStream<StreamPart> {
  const words = answer.match(/\S+\s*/g) ?? [];
  let next = 0;
  return new ReadableStream<StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: [] });
      controller.enqueue({ type: 'text-start', id: 'demo' });
    },
    async pull(controller) {
      const word = words[next++];
      if (word !== undefined) {
        if (pauseMs > 0) {
          await delay(pauseMs, undefined, signal ? { signal } : {});
        }
        controller.enqueue({ type: 'text-delta', id: 'demo', delta: word });
        return;
      }
      controller.enqueue({ type: 'text-end', id: 'demo' });
      controller.enqueue({ type: 'finish', usage, finishReason: { unified: 'stop', raw: 'stop' } });
      controller.close();
    },
  });
}

function usageOf(inputTokens: number, outputTokens: number): GenerateResult['usage'] {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
  };
}
