import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ChatDeps, Turn } from '../../chat/turns.ts';
import { prepareTurn, runTurn } from '../../chat/turns.ts';
import {
  createConversation,
  deleteConversation,
  getConversation,
  listConversations,
  updateConversation,
} from '../../chat/conversations.ts';
import { submitFeedback } from '../../chat/feedback.ts';
import { usableAgents } from '../../chat/agents.ts';
import { UsableAgentSchema } from '../schemas/agents.ts';
import {
  AgentConversationsParamsSchema,
  AnswerSchema,
  AskAgentBodySchema,
  ChatWithAgentBodySchema,
  ConversationDetailSchema,
  ConversationIdParamsSchema,
  ConversationSchema,
  ConversationsPathSchema,
  ConversationsQueryOnlySchema,
  ConversationsQuerySchema,
  CreateConversationBodySchema,
  FeedbackQuerySchema,
  ConversationsSearchPathSchema,
  FeedbackResultSchema,
  UpdateConversationBodySchema,
  answerResponse,
  conversationDetailResponse,
  conversationResponse,
  feedbackResponse,
} from '../schemas/chat.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { userIdOf, userToken } from '../access.ts';
import { problemFor } from '../errors.ts';
import { sendEventStream, wantsEventStream, type OpenStreams } from '../event-stream.ts';

const tags = ['Chat'];
const listProblems = problemResponses(400, 401, 403);
const turnProblems = problemResponses(400, 401, 403, 404, 422, 429, 502, 504);

/** The chat's rules, and the metrics that count its open answer streams too. */
export type ChatRouteDeps = ChatDeps & { metrics: OpenStreams };

export async function chatRoutes(parent: FastifyInstance, deps: ChatRouteDeps): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/Chat/ListAgents',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'Agents the user may use: assigned directly, through a group, or as default',
        response: { 200: Type.Array(UsableAgentSchema), ...listProblems },
      },
    },
    async (request) => usableAgents(deps, userIdOf(request)),
  );

  app.post(
    '/api/Chat/CreateConversation',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'Starts a conversation with an agent',
        body: CreateConversationBodySchema,
        response: { 201: ConversationSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          conversationResponse(
            await createConversation(deps, userIdOf(request), request.body, request.ip),
          ),
        ),
  );

  const listSchema = {
    tags,
    description:
      'An agentId the user may not use, or that does not exist, is 404; an agent the user may use without conversations gives `[]`.',
    response: {
      200: Type.Array(ConversationSchema),
      ...problemResponses(400, 401, 403, 404),
    },
  };
  app.get(
    '/api/Chat/GetConversations',
    {
      config: userToken,
      schema: {
        ...listSchema,
        summary: "The user's conversations, newest activity first",
        querystring: ConversationsQuerySchema,
      },
    },
    async (request) =>
      (await listConversations(deps, userIdOf(request), request.query)).map(conversationResponse),
  );
  app.get(
    '/api/Chat/GetConversations/:agentId',
    {
      config: userToken,
      schema: {
        ...listSchema,
        summary: "The user's conversations with one agent",
        params: AgentConversationsParamsSchema,
        querystring: ConversationsQueryOnlySchema,
      },
    },
    async (request) =>
      (
        await listConversations(deps, userIdOf(request), { ...request.query, ...request.params })
      ).map(conversationResponse),
  );
  for (const [path, params] of [
    ['/api/Chat/GetConversations/:agentId/:results/:skip', ConversationsPathSchema],
    [
      '/api/Chat/GetConversations/:agentId/:results/:skip/:metadataSearch',
      ConversationsSearchPathSchema,
    ],
  ] as const) {
    app.get(
      path,
      {
        config: userToken,
        schema: {
          ...listSchema,
          summary: 'The same, paged in the path: skip = (page-1)*results',
          params,
        },
      },
      async (request) =>
        (await listConversations(deps, userIdOf(request), request.params)).map(
          conversationResponse,
        ),
    );
  }

  app.get(
    '/api/Chat/GetConversation/:conversationId',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'A conversation with its messages, their files, usage and feedback',
        params: ConversationIdParamsSchema,
        response: { 200: ConversationDetailSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) =>
      conversationDetailResponse(
        await getConversation(deps, userIdOf(request), request.params.conversationId),
      ),
  );

  app.post(
    '/api/Chat/UpdateConversation',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'Renames a conversation and/or replaces its metadata',
        description:
          "Give title, metadata or both; the rules are CreateConversation's. Not chat activity: `updatedAt`, and so the conversation's place in GetConversations, stays.",
        body: UpdateConversationBodySchema,
        response: { 200: ConversationSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) =>
      conversationResponse(
        await updateConversation(deps, userIdOf(request), request.body, request.ip),
      ),
  );

  app.delete(
    '/api/Chat/DeleteConversation/:conversationId',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'Deletes a conversation with its messages, their feedback and its files',
        description: "Only its owner's; another user's conversation is 404, like an unknown one.",
        params: ConversationIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteConversation(deps, userIdOf(request), request.params.conversationId, request.ip);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/Chat/AskAgent',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'Asks an agent; without a conversationId it starts a conversation',
        body: AskAgentBodySchema,
        response: { 200: AnswerSchema, ...turnProblems },
      },
    },
    async (request) =>
      answerResponse(
        await runTurn(
          deps,
          await prepareTurn(deps, userIdOf(request), { ...request.body, clientIp: request.ip }),
        ),
      ),
  );

  app.post(
    '/api/Chat/ChatWithAgent',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'Continues a conversation; streams the answer with Accept: text/event-stream',
        description:
          'Events: `start` {conversationId, messageId}, `delta` {text} as the answer arrives, `tool-call` {id, tool, arguments} as the agent calls one of its tools (custom APIs and databases) and `tool-result` {id, tool, status, result, error} once it has answered (the result as the model got it, scanned), then `done` (the AskAgent answer) or `error` (problem details). Without that Accept header: JSON like AskAgent.',
        body: ChatWithAgentBodySchema,
        response: { 200: AnswerSchema, ...turnProblems },
      },
    },
    async (request, reply) => {
      const { conversationId, message } = request.body;
      const turn = await prepareTurn(deps, userIdOf(request), {
        conversationId,
        question: message,
        clientIp: request.ip,
      });
      return wantsEventStream(request)
        ? streamTurn(deps, turn, request, reply)
        : answerResponse(await runTurn(deps, turn));
    },
  );

  app.post(
    '/api/Chat/SubmitFeedback',
    {
      config: userToken,
      schema: {
        tags,
        summary: 'Rates an answer from 1 (bad) to 5 (good), with an optional comment',
        querystring: FeedbackQuerySchema,
        response: { 200: FeedbackResultSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      feedbackResponse(await submitFeedback(deps, userIdOf(request), request.query, request.ip)),
  );
}

function streamTurn(
  deps: ChatRouteDeps,
  turn: Turn,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  return sendEventStream(request, reply, deps.metrics, async (events) => {
    events.send('start', { conversationId: turn.conversation.id, messageId: turn.answerId });
    try {
      const result = await runTurn(deps, turn, {
        signal: events.signal,
        onText: (text) => events.send('delta', { text }),
        onToolCall: (call) => events.send('tool-call', call),
        onToolResult: ({ id, tool, status, result, error }) =>
          events.send('tool-result', { id, tool, status, result, error }),
      });
      events.send('done', answerResponse(result));
    } catch (error) {
      // A client that left reads no more events; its leaving is no failure of ours.
      if (!events.signal.aborted) {
        events.send('error', problemFor(request, error));
      }
    }
  });
}
