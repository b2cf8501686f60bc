import { Type, type Static } from 'typebox';
import { Id, Nullable, Results, Skip, Timestamp } from './common.ts';
import { MAX_NAME_CHARS, MAX_PROMPT_CHARS, MAX_SEARCH_CHARS } from '../../vocabulary/limits.ts';
import type { ConversationRecord, Feedback, FileSummary } from '../../store/chat-store.ts';
import type { ConversationDetail } from '../../chat/conversations.ts';
import type { AgentFileView } from '../../chat/agent-files.ts';
import { isoTime } from '../../lib/iso-time.ts';
import { ScanResultSchema } from './scanners.ts';
import type { ToolCallRecord } from '../../store/tools-store.ts';
import type { TurnResult } from '../../chat/turns.ts';
import { TOOL_CALL_STATUSES } from '../../vocabulary/tools.ts';

export const UsageSchema = Type.Object({
  promptTokens: Type.Integer(),
  completionTokens: Type.Integer(),
});

export const FileSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  conversationId: Nullable(Type.String()),
  agentId: Nullable(Type.String()),
  messageId: Nullable(Type.String({ description: 'The question it was first sent with' })),
  createdAt: Timestamp(),
});

export const ConversationSchema = Type.Object({
  id: Type.String(),
  agentId: Nullable(Type.String({ description: 'null once the agent was deleted' })),
  title: Type.String(),
  metadata: Type.Record(Type.String(), Type.String()),
  createdAt: Timestamp(),
  updatedAt: Timestamp('Last activity; lists are newest first by it'),
});

export const ToolCallSchema = Type.Object({
  id: Type.String({ description: "The engine's id for the call" }),
  tool: Type.String({
    description: 'A custom API, or a custom database query as <database>_<query>',
  }),
  kind: Type.Union([Type.Literal('api'), Type.Literal('database')]),
  arguments: Type.Unknown({ description: 'As the model gave them' }),
  status: Type.Enum(TOOL_CALL_STATUSES, {
    description:
      'ok: answered; error: failed (the model was told why); blocked: refused or withheld',
  }),
  result: Nullable(
    Type.String({ description: 'What the model was given, after the scanners (redacted)' }),
  ),
  error: Nullable(
    Type.String({ description: 'Why it failed or was refused, as the model was told' }),
  ),
  scans: Nullable(
    Type.Array(ScanResultSchema, { description: "The scanners' results on the result's text" }),
  ),
  startedAt: Timestamp(),
  durationMs: Type.Integer(),
});

const ToolCallsSchema = Type.Array(ToolCallSchema, {
  description: 'The tools the model called for this answer, in the order they started',
});

const FeedbackSchema = Type.Object({
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Nullable(Type.String()),
  at: Timestamp(),
});

export const MessageSchema = Type.Object({
  id: Type.String(),
  role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
  content: Type.String(),
  createdAt: Timestamp(),
  engine: Nullable(Type.String()),
  model: Nullable(Type.String()),
  promptTokens: Nullable(Type.Integer()),
  completionTokens: Nullable(Type.Integer()),
  files: Type.Array(FileSchema),
  feedback: Nullable(FeedbackSchema),
  scans: Nullable(
    Type.Array(ScanResultSchema, {
      description: "The scanners' results on this text (null: stored before scanners ran)",
    }),
  ),
  toolCalls: ToolCallsSchema,
});

export const ConversationDetailSchema = Type.Object({
  ...ConversationSchema.properties,
  messages: Type.Array(MessageSchema),
  files: Type.Array(FileSchema),
});

export const CreateConversationBodySchema = Type.Object({
  agentId: Id(),
  title: Type.Optional(Type.String({ maxLength: MAX_NAME_CHARS })),
  metadata: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
      description: 'Values are kept as text; metadataSearch matches them',
      examples: [{ project: 'Apollo' }],
    }),
  ),
});

const MetadataSearch = Type.Optional(
  Type.String({
    maxLength: MAX_SEARCH_CHARS,
    description: 'Substring of the title or a metadata value',
  }),
);

export const ConversationsQuerySchema = Type.Object({
  results: Results,
  skip: Skip,
  metadataSearch: MetadataSearch,
  agentId: Type.Optional(Id()),
});

export const AgentConversationsParamsSchema = Type.Object({ agentId: Id() });

export const ConversationsQueryOnlySchema = Type.Object({
  results: Results,
  skip: Skip,
  metadataSearch: MetadataSearch,
});

/** `GetConversations/{agentId}/{results}/{skip}`: each path form declares only its own segments. */
export const ConversationsPathSchema = Type.Object({
  agentId: Id(),
  results: Results,
  skip: Skip,
});

export const ConversationsSearchPathSchema = Type.Object({
  ...ConversationsPathSchema.properties,
  metadataSearch: MetadataSearch,
});

export const ConversationIdParamsSchema = Type.Object({ conversationId: Id() });

export const AskAgentBodySchema = Type.Object({
  agentId: Id(),
  question: Type.String({ maxLength: MAX_PROMPT_CHARS }),
  conversationId: Type.Optional(Id()),
});

export const ChatWithAgentBodySchema = Type.Object({
  conversationId: Id(),
  message: Type.String({ maxLength: MAX_PROMPT_CHARS }),
});

export const AnswerSchema = Type.Object({
  conversationId: Type.String(),
  messageId: Type.String({ description: 'The id of the answer (rate it with SubmitFeedback)' }),
  answer: Type.String({ description: "Placeholders of the question's redactions restored" }),
  usage: UsageSchema,
  scans: Type.Object({
    prompt: Type.Array(ScanResultSchema),
    answer: Type.Array(ScanResultSchema),
  }),
  toolCalls: ToolCallsSchema,
});

export const FeedbackQuerySchema = Type.Object({
  messageId: Id(),
  rating: Type.Integer({ minimum: 1, maximum: 5, description: '1 (bad) to 5 (good)' }),
  comment: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const FeedbackResultSchema = Type.Object({
  messageId: Type.String(),
  ...FeedbackSchema.properties,
});

export const FileIdParamsSchema = Type.Object({ fileId: Id() });

/** Title and metadata follow CreateConversation's rules; give at least one. */
export const UpdateConversationBodySchema = Type.Object({
  conversationId: Id(),
  title: CreateConversationBodySchema.properties.title,
  metadata: CreateConversationBodySchema.properties.metadata,
});

export const AgentFileSchema = Type.Object({
  ...FileSchema.properties,
  userId: Nullable(
    Type.String({ description: "Whose own file it is; null for the agent's shared file" }),
  ),
  shared: Type.Boolean({
    description:
      "The agent's own file (a CompanyAdmin's upload), read in every user's conversations with it; false: read only in its user's",
  }),
});

export function fileResponse(file: FileSummary): Static<typeof FileSchema> {
  return { ...file, createdAt: isoTime(file.createdAt) };
}

export function agentFileResponse(file: AgentFileView): Static<typeof AgentFileSchema> {
  return { ...fileResponse(file), userId: file.userId, shared: file.shared };
}

export function conversationResponse(
  conversation: ConversationRecord,
): Static<typeof ConversationSchema> {
  return {
    ...conversation,
    createdAt: isoTime(conversation.createdAt),
    updatedAt: isoTime(conversation.updatedAt),
  };
}

export function feedbackResponse<T extends Feedback>(feedback: T): Omit<T, 'at'> & { at: string } {
  return { ...feedback, at: isoTime(feedback.at) };
}

export function toolCallResponse(call: ToolCallRecord): Static<typeof ToolCallSchema> {
  return { ...call, startedAt: isoTime(call.startedAt) };
}

export function answerResponse(result: TurnResult): Static<typeof AnswerSchema> {
  return { ...result, toolCalls: result.toolCalls.map(toolCallResponse) };
}

export function conversationDetailResponse(
  detail: ConversationDetail,
): Static<typeof ConversationDetailSchema> {
  return {
    ...conversationResponse(detail),
    messages: detail.messages.map((message) => ({
      ...message,
      createdAt: isoTime(message.createdAt),
      files: message.files.map(fileResponse),
      feedback: message.feedback && feedbackResponse(message.feedback),
      toolCalls: (message.toolCalls ?? []).map(toolCallResponse),
    })),
    files: detail.files.map(fileResponse),
  };
}
