// The chat's calls to the public API (/api/Chat/*): typed by the server's OpenAPI document
// through lib/api.ts; the streamed answer and uploads go through authorizedFetch.
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, ApiError, authorizedFetch, unwrap, type ApiPaths } from '../../lib/api.ts';
import { readEventStream } from './sse.ts';
import type { ToolCallEvent, ToolResultEvent } from './tool-calls.ts';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

export type Agent = Json<ApiPaths['/api/Chat/ListAgents']['get']['responses'][200]>[number];
export type Conversation = Json<
  ApiPaths['/api/Chat/GetConversations']['get']['responses'][200]
>[number];
export type ConversationDetail = Json<
  ApiPaths['/api/Chat/GetConversation/{conversationId}']['get']['responses'][200]
>;
export type ChatMessage = ConversationDetail['messages'][number];
export type ChatFile = ConversationDetail['files'][number];
export type Answer = Json<ApiPaths['/api/Chat/ChatWithAgent']['post']['responses'][200]>;
export type ScanResult = Answer['scans']['prompt'][number];
export type Feedback = NonNullable<ChatMessage['feedback']>;

/** The problem type of a text the company's scanners blocked (src/http/errors.ts). */
export const SCAN_BLOCKED_TYPE = 'tag:airisk.dev,2026:problem:scanner-blocked';
export const CONVERSATIONS_PAGE_SIZE = 30;
/** The server's limits (src/vocabulary/limits.ts). */
export const MAX_PROMPT_CHARS = 100_000;
export const MAX_TITLE_CHARS = 200;
export const MAX_SEARCH_CHARS = 200;
/** What AddFileToConversation reads (its type is decided by the content, not the name). */
export const ACCEPTED_FILES = '.txt,.md,.csv,.json,.pdf,.docx';

export const chatKeys = {
  all: ['chat'] as const,
  agents: ['chat', 'agents'] as const,
  conversations: ['chat', 'conversations'] as const,
  conversationList: (search: string) => ['chat', 'conversations', { search }] as const,
  conversation: (id: string) => ['chat', 'conversation', id] as const,
};

export const agentsQuery = queryOptions({
  queryKey: chatKeys.agents,
  queryFn: async ({ signal }) => {
    const agents = unwrap(await api.GET('/api/Chat/ListAgents', { signal }));
    // The default agent first, then by name.
    return [...agents].sort(
      (a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name),
    );
  },
  staleTime: 5 * 60_000,
});

/** The user's conversations with every agent, newest activity first, searched on the server. */
export function conversationsQuery(search: string) {
  return infiniteQueryOptions({
    queryKey: chatKeys.conversationList(search),
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await api.GET('/api/Chat/GetConversations', {
          params: {
            query: {
              results: CONVERSATIONS_PAGE_SIZE,
              skip: pageParam,
              ...(search && { metadataSearch: search }),
            },
          },
          signal,
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) =>
      last.length < CONVERSATIONS_PAGE_SIZE ? undefined : pages.length * CONVERSATIONS_PAGE_SIZE,
  });
}

export function conversationQuery(conversationId: string) {
  return queryOptions({
    queryKey: chatKeys.conversation(conversationId),
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/Chat/GetConversation/{conversationId}', {
          params: { path: { conversationId } },
          signal,
        }),
      ),
  });
}

export async function createConversation(agentId: string): Promise<Conversation> {
  return unwrap(await api.POST('/api/Chat/CreateConversation', { body: { agentId } }));
}

export async function renameConversation(
  conversationId: string,
  title: string,
): Promise<Conversation> {
  return unwrap(
    await api.POST('/api/Chat/UpdateConversation', { body: { conversationId, title } }),
  );
}

export async function deleteConversation(conversationId: string): Promise<void> {
  unwrap(
    await api.DELETE('/api/Chat/DeleteConversation/{conversationId}', {
      params: { path: { conversationId } },
    }),
  );
}

/** Thumbs up is 5, thumbs down 1 (the API rates 1 to 5). */
export async function submitFeedback(
  messageId: string,
  rating: number,
): Promise<Feedback & { messageId: string }> {
  return unwrap(
    await api.POST('/api/Chat/SubmitFeedback', { params: { query: { messageId, rating } } }),
  );
}

/** Multipart, one file: its text goes to the model with the conversation's next question. */
export async function addFileToConversation(
  conversationId: string,
  file: File,
  signal?: AbortSignal,
): Promise<ChatFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await authorizedFetch(
    `/api/Chat/AddFileToConversation/${encodeURIComponent(conversationId)}`,
    { method: 'POST', body: form, headers: { Accept: 'application/json' }, signal },
  );
  if (!response.ok) {
    throw await problemOf(response);
  }
  return (await response.json()) as ChatFile;
}

export async function deleteFile(fileId: string): Promise<void> {
  unwrap(await api.DELETE('/api/Chat/DeleteFile/{fileId}', { params: { path: { fileId } } }));
}

export interface StreamCallbacks {
  /** The answer's id, before any text. */
  onStart?: (event: { conversationId: string; messageId: string }) => void;
  /** Each piece of the answer as it arrives. */
  onDelta: (text: string) => void;
  /** The model calls a tool (the call is being made). */
  onToolCall?: (event: ToolCallEvent) => void;
  /** A tool call ended: its result as the model got it, or why it failed. */
  onToolResult?: (event: ToolResultEvent) => void;
}

/** The answer ended before its `done` event: the connection dropped. */
export class StreamCutError extends Error {
  constructor() {
    super('The answer stopped before it was complete.');
    this.name = 'StreamCutError';
  }
}

/**
 * POST /api/Chat/ChatWithAgent with Accept: text/event-stream: calls back with each piece of the
 * answer and resolves with the `done` event (the stored answer with its scans). A refusal before
 * the stream (a blocked question: 422) or an `error` event rejects with an ApiError; aborting the
 * signal cancels the answer on the server too (nothing is stored).
 */
export async function chatWithAgent(
  conversationId: string,
  message: string,
  { onStart, onDelta, onToolCall, onToolResult }: StreamCallbacks,
  signal: AbortSignal,
): Promise<Answer> {
  const response = await authorizedFetch('/api/Chat/ChatWithAgent', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ conversationId, message }),
    signal,
  });
  if (!response.ok || !response.body) {
    throw await problemOf(response);
  }
  for await (const event of readEventStream(response.body, signal)) {
    switch (event.event) {
      case 'start':
        onStart?.(JSON.parse(event.data) as { conversationId: string; messageId: string });
        break;
      case 'delta':
        onDelta((JSON.parse(event.data) as { text: string }).text);
        break;
      case 'tool-call':
        onToolCall?.(JSON.parse(event.data) as ToolCallEvent);
        break;
      case 'tool-result':
        onToolResult?.(JSON.parse(event.data) as ToolResultEvent);
        break;
      case 'done':
        return JSON.parse(event.data) as Answer;
      case 'error': {
        const problem = JSON.parse(event.data) as ApiError['problem'] & { status?: number };
        throw new ApiError(problem?.status ?? 500, problem);
      }
      default:
        // Events this version does not know are skipped, as the SSE standard does.
        break;
    }
  }
  throw new StreamCutError();
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: ApiError['problem'];
  try {
    problem = (await response.json()) as ApiError['problem'];
  } catch {
    problem = undefined;
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError(
    response.status,
    problem,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}
