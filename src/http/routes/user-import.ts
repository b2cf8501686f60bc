import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { importUsersFromCsv, type ImportedUser } from '../../users/import-users.ts';
import { inviteImportedUsers } from '../../accounts/import-invitations.ts';
import type { AccountActor, AccountMailDeps } from '../../accounts/invitations.ts';
import { IMPORT_COLUMNS } from '../../users/csv-rows.ts';
import { PayloadTooLargeError, ValidationError } from '../../lib/errors.ts';
import {
  CsvBodySchema,
  ImportUsersQuerySchema,
  ImportUsersResponseSchema,
  importUsersResponse,
} from '../schemas/user-import.ts';
import { problemResponses } from '../schemas/problem.ts';
import { adminOnly, userIdOf } from '../access.ts';

// One request holds the whole file; larger imports belong to `airisk users import`, which streams.
const IMPORT_MAX_MEGABYTES = 5;
const IMPORT_MAX_BYTES = IMPORT_MAX_MEGABYTES * 1024 * 1024;

export async function userImportRoutes(
  parent: FastifyInstance,
  deps: AccountMailDeps,
): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/Users/ImportUsers',
    {
      config: adminOnly,
      bodyLimit: IMPORT_MAX_BYTES,
      preParsing: async (request) => checkCsvUpload(request),
      schema: {
        tags: ['Users'],
        summary: 'Creates users from a CSV file, as `airisk users import` does',
        description:
          `The body is the file, sent as \`Content-Type: text/csv\` (at most ` +
          `${IMPORT_MAX_MEGABYTES} MB), its first line the header \`${IMPORT_COLUMNS.join(',')}\`. ` +
          'Roles default to User; groups are names, created when missing. A row that is not ' +
          'valid, or whose email is taken, fails alone: the others are imported.',
        consumes: ['text/csv'],
        querystring: ImportUsersQuerySchema,
        body: CsvBodySchema,
        response: { 200: ImportUsersResponseSchema, ...problemResponses(400, 401, 403, 413) },
      },
    },
    async (request) =>
      importCsv(deps, request.body, request.query.invite === true, {
        userId: userIdOf(request),
      }),
  );
}

/** The import, then (outside its transactions, so a slow mail server holds none) the invitations. */
async function importCsv(deps: AccountMailDeps, csv: string, invite: boolean, actor: AccountActor) {
  const imported: ImportedUser[] = [];
  const report = await importUsersFromCsv(deps, Readable.from([csv]), {
    onImported: invite ? (users) => imported.push(...users) : undefined,
  });
  const invitations = invite ? await inviteImportedUsers(deps, imported, actor) : [];
  return importUsersResponse(report, invitations);
}

/** Before the body is read: a file of another type, or too large, is refused saying what to send. */
function checkCsvUpload(request: FastifyRequest): void {
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'text/csv') {
    throw new ValidationError(
      `Send the CSV file as the body with the header Content-Type: text/csv (found ${
        mediaType ? `"${mediaType}"` : 'none'
      })`,
    );
  }
  if (Number(request.headers['content-length'] ?? 0) > IMPORT_MAX_BYTES) {
    throw new PayloadTooLargeError(
      `The CSV file is larger than ${IMPORT_MAX_MEGABYTES} MB: split it, or import it with \`airisk users import\``,
    );
  }
}
