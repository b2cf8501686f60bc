import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import {
  addFileToConversation,
  deleteFile,
  type FilesDeps,
  type Upload,
} from '../../chat/chat-files.ts';
import { addFilesToAgent, listAgentFiles } from '../../chat/agent-files.ts';
import {
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../lib/errors.ts';
import { AgentIdParamsSchema } from '../schemas/agents.ts';
import {
  AgentFileSchema,
  ConversationIdParamsSchema,
  FileIdParamsSchema,
  FileSchema,
  agentFileResponse,
  fileResponse,
} from '../schemas/chat.ts';
import { noContent, problemResponses } from '../schemas/problem.ts';
import { actorOf, userIdOf, userToken } from '../access.ts';

const tags = ['Chat'];
// 422: a document the extraction limits stopped; 503 (with Retry-After): every reader is busy.
// 422 also: a file the company's scanners blocked.
const uploadProblems = problemResponses(400, 401, 403, 404, 413, 415, 422, 503);
const MAX_FILES_PER_REQUEST = 20;
const MAX_FIELDS_PER_REQUEST = 20;
const ACCEPTED = 'txt, md, csv, json, pdf or docx';

export interface ChatFilesDeps extends FilesDeps {
  uploadMaxBytes: number;
}

export async function chatFilesRoutes(parent: FastifyInstance, deps: ChatFilesDeps): Promise<void> {
  await parent.register(multipart, {
    limits: {
      fileSize: deps.uploadMaxBytes,
      files: MAX_FILES_PER_REQUEST,
      fields: MAX_FIELDS_PER_REQUEST,
    },
  });
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const description = `multipart/form-data, one part per file (${ACCEPTED}), each at most ${deps.uploadMaxBytes} bytes. Their text is given to the model. A PDF or Word document whose reading passes the server's limits (time, memory, characters) is refused with 422; when the server is reading as many documents as it can, 503 with Retry-After.`;

  app.post(
    '/api/Chat/AddFileToConversation/:conversationId',
    {
      config: userToken,
      schema: {
        tags,
        summary: "Adds a file to the conversation; its next questions come with the file's text",
        description,
        params: ConversationIdParamsSchema,
        response: { 201: FileSchema, ...uploadProblems },
      },
    },
    async (request, reply) => {
      const uploads = await readUploads(request, deps.uploadMaxBytes);
      if (uploads.length !== 1) {
        throw new ValidationError('Send exactly one file (AddFilesToAgent takes several)');
      }
      const file = await addFileToConversation(
        deps,
        userIdOf(request),
        request.params.conversationId,
        uploads[0] as Upload,
        request.ip,
      );
      return reply.code(201).send(fileResponse(file));
    },
  );

  app.post(
    '/api/Chat/AddFilesToAgent/:agentId',
    {
      config: userToken,
      schema: {
        tags,
        summary: "Adds files to the agent: a CompanyAdmin's for every user, a user's for their own",
        description: `${description} A CompanyAdmin's upload is the agent's own (\`shared\`), read in every user's conversations with it; an admin may add files to any agent. Anyone else's is read only in their own conversations with an agent they may use.`,
        params: AgentIdParamsSchema,
        response: { 201: Type.Array(AgentFileSchema), ...uploadProblems },
      },
    },
    async (request, reply) => {
      const uploads = await readUploads(request, deps.uploadMaxBytes);
      const files = await addFilesToAgent(
        deps,
        actorOf(request),
        request.params.agentId,
        uploads,
        request.ip,
      );
      return reply.code(201).send(files.map(agentFileResponse));
    },
  );

  app.get(
    '/api/Agents/ListAgentFiles/:agentId',
    {
      config: userToken,
      schema: {
        tags: ['Agents', ...tags],
        summary: "The agent's files, oldest first (the order the model reads them in)",
        description:
          "A CompanyAdmin sees every file of any agent: the shared ones and each user's own. Anyone else sees the agent's shared files and their own, for an agent they may use (else 404). No file text.",
        params: AgentIdParamsSchema,
        response: { 200: Type.Array(AgentFileSchema), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) =>
      (await listAgentFiles(deps, actorOf(request), request.params.agentId)).map(agentFileResponse),
  );

  app.delete(
    '/api/Chat/DeleteFile/:fileId',
    {
      config: userToken,
      schema: {
        tags,
        summary: "Deletes one of the user's files; the model no longer reads it",
        description:
          "A CompanyAdmin may also delete any agent's files (shared or a user's own). An agent's shared file that a user may read is 403 for them; another user's file is 404.",
        params: FileIdParamsSchema,
        response: { ...noContent('Deleted'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteFile(deps, actorOf(request), request.params.fileId);
      return reply.code(204).send(null);
    },
  );
}

/** Every file part of the request, read whole; fields are ignored. */
async function readUploads(request: FastifyRequest, maxBytes: number): Promise<Upload[]> {
  if (!request.isMultipart()) {
    throw new UnsupportedMediaTypeError(
      `Send the file as multipart/form-data (curl -F "file=@report.pdf"): ${ACCEPTED}`,
    );
  }
  const uploads: Upload[] = [];
  try {
    for await (const part of request.files()) {
      uploads.push({ name: part.filename, bytes: await part.toBuffer() });
    }
  } catch (error) {
    throw multipartError(error, maxBytes);
  }
  return uploads;
}

/**
 * Whatever stops the multipart parser is the body's fault: a limit passed (413), or a body that
 * is not well-formed multipart (no boundary, a part cut off, a broken header): 400.
 */
function multipartError(error: unknown, maxBytes: number): Error {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new PayloadTooLargeError(
      `A file is larger than the limit of ${maxBytes} bytes (AIRISK_UPLOAD_MAX_BYTES)`,
    );
  }
  if (code === 'FST_FILES_LIMIT') {
    return new PayloadTooLargeError(`Send at most ${MAX_FILES_PER_REQUEST} files at once`);
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new PayloadTooLargeError(
      `Send at most ${MAX_FILES_PER_REQUEST} files and ${MAX_FIELDS_PER_REQUEST} other fields`,
    );
  }
  return new ValidationError(
    `The multipart/form-data body could not be read (${message ?? 'malformed'}); send each file as a part with its boundary, as curl -F "file=@report.pdf" does`,
  );
}
