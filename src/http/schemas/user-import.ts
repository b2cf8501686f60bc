import { Type, type Static } from 'typebox';
import type { ImportReport } from '../../users/import-users.ts';
import type { ImportInvitation } from '../../accounts/import-invitations.ts';
import { IMPORT_COLUMNS } from '../../users/csv-rows.ts';
import { Nullable, Timestamp } from './common.ts';

export const ImportUsersQuerySchema = Type.Object({
  invite: Type.Optional(
    Type.Boolean({
      default: false,
      description:
        'Invite each imported user: the link is mailed when SMTP is configured, else in the answer',
    }),
  ),
});

export const CsvBodySchema = Type.String({
  description:
    `A CSV file whose first line is the header \`${IMPORT_COLUMNS.join(',')}\` (roles and ` +
    'groups may be left out); in a cell, list roles or groups separated by ; or |',
  examples: ['email,name,roles,groups\nada@example.com,Ada Lovelace,User;Compliance,Finance\n'],
});

export const ImportUsersResponseSchema = Type.Object({
  imported: Type.Integer({ description: 'How many users were created' }),
  failed: Type.Array(
    Type.Object({
      line: Type.Integer({ description: 'The line of the file (the header is line 1)' }),
      email: Nullable(Type.String()),
      error: Type.String({ description: 'Why the row was not imported' }),
    }),
    { description: 'The rows that were not imported, by line; the others were' },
  ),
  groupsCreated: Type.Array(Type.String(), { description: 'Groups the rows named that were new' }),
  invitations: Type.Array(
    Type.Object({
      line: Type.Integer(),
      email: Type.String(),
      userId: Type.String(),
      emailed: Type.Boolean(),
      link: Nullable(
        Type.String({ format: 'uri', description: 'Only when not emailed: pass it on yourself' }),
      ),
      expiresAt: Nullable(Timestamp('When the link stops working (7 days), UTC')),
      error: Nullable(
        Type.String({ description: 'Why no invitation went out; the user stays imported' }),
      ),
    }),
    { description: 'Empty unless invite=true' },
  ),
});

export function importUsersResponse(
  report: ImportReport,
  invitations: readonly ImportInvitation[],
): Static<typeof ImportUsersResponseSchema> {
  return {
    imported: report.imported,
    failed: report.failed.map(({ line, email, error }) => ({ line, email: email ?? null, error })),
    groupsCreated: report.groupsCreated,
    invitations: invitations.map((invitation) => ({
      line: invitation.line,
      email: invitation.email,
      userId: invitation.userId,
      emailed: invitation.emailed,
      link: invitation.link ?? null,
      expiresAt: invitation.expiresAt ?? null,
      error: invitation.error ?? null,
    })),
  };
}
