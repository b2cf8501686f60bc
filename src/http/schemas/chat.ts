import { Type } from 'typebox';
import { Nullable } from './nullable.ts';
import { PageQuerySchema } from './users.ts';

const Id = Type.String({ maxLength: 128 });

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
  createdAt: Type.Integer(),
});

export const ConversationSchema = Type.Object({
  id: Type.String(),
  agentId: Nullable(Type.String({ description: 'null once the agent was deleted' })),
  title: Type.String(),
  metadata: Type.Record(Type.String(), Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer({ description: 'Last activity; lists are newest first by it' }),
});

const FeedbackSchema = Type.Object({
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Nullable(Type.String()),
  at: Type.Integer(),
});

export const MessageSchema = Type.Object({
  id: Type.String(),
  role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
  content: Type.String(),
  createdAt: Type.Integer(),
  engine: Nullable(Type.String()),
  model: Nullable(Type.String()),
  promptTokens: Nullable(Type.Integer()),
  completionTokens: Nullable(Type.Integer()),
  files: Type.Array(FileSchema),
  feedback: Nullable(FeedbackSchema),
});

export const ConversationDetailSchema = Type.Object({
  ...ConversationSchema.properties,
  messages: Type.Array(MessageSchema),
  files: Type.Array(FileSchema),
});

export const CreateConversationBodySchema = Type.Object({
  agentid: Id,
  title: Type.Optional(Type.String({ maxLength: 200 })),
  metadata: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
      description: 'Values are kept as text; metadatasearch matches them',
      examples: [{ project: 'Apollo' }],
    }),
  ),
});

const ConversationsQueryFields = {
  results: PageQuerySchema.properties.results,
  skip: PageQuerySchema.properties.skip,
  metadatasearch: Type.Optional(
    Type.String({ maxLength: 200, description: 'Substring of the title or a metadata value' }),
  ),
};

export const ConversationsQuerySchema = Type.Object({
  ...ConversationsQueryFields,
  agentid: Type.Optional(Id),
});

export const AgentConversationsParamsSchema = Type.Object({ agentid: Id });

export const ConversationsQueryOnlySchema = Type.Object(ConversationsQueryFields);

export const ConversationsPathSchema = Type.Object({
  agentid: Id,
  results: ConversationsQueryFields.results,
  skip: ConversationsQueryFields.skip,
  metadatasearch: ConversationsQueryFields.metadatasearch,
});

export const ConversationIdParamsSchema = Type.Object({ conversationid: Id });

export const AskAgentBodySchema = Type.Object({
  agentid: Id,
  question: Type.String({ maxLength: 100_000 }),
  conversationid: Type.Optional(Id),
});

export const ChatWithAgentBodySchema = Type.Object({
  conversationid: Id,
  message: Type.String({ maxLength: 100_000 }),
});

export const AnswerSchema = Type.Object({
  conversationid: Type.String(),
  messageid: Type.String({ description: 'The id of the answer (rate it with SubmitFeedback)' }),
  answer: Type.String(),
  usage: UsageSchema,
});

export const FeedbackQuerySchema = Type.Object({
  messageid: Id,
  rating: Type.Integer({ minimum: 1, maximum: 5, description: '1 (bad) to 5 (good)' }),
  comment: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const FeedbackResultSchema = Type.Object({
  messageid: Type.String(),
  ...FeedbackSchema.properties,
});

export const FileIdParamsSchema = Type.Object({ fileid: Id });

// New names are camelCase, the API's wire convention (issue 11), path parameters included.

export const ConversationIdPathSchema = Type.Object({ conversationId: Id });

/** Title and metadata follow CreateConversation's rules; give at least one. */
export const UpdateConversationBodySchema = Type.Object({
  conversationId: Id,
  title: CreateConversationBodySchema.properties.title,
  metadata: CreateConversationBodySchema.properties.metadata,
});

export const AgentIdPathSchema = Type.Object({ agentId: Id });

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
