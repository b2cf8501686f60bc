import { useEffect, useRef } from 'react';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import type { ImportReport } from '../api.ts';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What an import did: how many, the lines left out and why, the groups and links it made. */
export function ImportResult({ report }: { report: ImportReport }) {
  const summary = useRef<HTMLDivElement>(null);
  // The keyboard lands on the outcome, with the failed lines right after it.
  useEffect(() => summary.current?.focus(), [report]);
  const failed = report.failed.length;
  const toSend = report.invitations.filter((invitation) => !invitation.emailed);
  const emailed = report.invitations.length - toSend.length;
  return (
    <div className="import-result">
      <div
        ref={summary}
        tabIndex={-1}
        className={`notice ${failed > 0 ? 'notice-error' : 'notice-success'}`}
        role={failed > 0 ? 'alert' : 'status'}
      >
        <strong>
          {report.imported} imported, {failed} failed.
        </strong>{' '}
        {failed > 0
          ? 'Correct the lines below and import only those lines again.'
          : 'Everyone in the file now has an account.'}
        {report.groupsCreated.length > 0 && (
          <> Groups created: {report.groupsCreated.join(', ')}.</>
        )}
        {emailed > 0 && <> {count(emailed, 'invitation')} sent by email.</>}
      </div>
      {failed > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption>Lines not imported</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Email</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {report.failed.map((row) => (
                <tr key={row.line}>
                  <th scope="row">Line {row.line}</th>
                  <td>{row.email ?? <span className="muted">none</span>}</td>
                  <td>{row.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {toSend.length > 0 && <InvitationLinks invitations={toSend} />}
    </div>
  );
}

function InvitationLinks({ invitations }: { invitations: ImportReport['invitations'] }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>
          Invitations to send yourself: this server sent no email. Each link works once.
        </caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Invitation link</th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => (
            <tr key={invitation.userId}>
              <th scope="row">{invitation.email}</th>
              <td>
                {invitation.link ? (
                  <div className="link-cell">
                    <code>{invitation.link}</code>
                    <CopyButton
                      text={invitation.link}
                      label={`Copy the link for ${invitation.email}`}
                    />
                    {invitation.expiresAt && (
                      <span className="muted">Until {formatDateTime(invitation.expiresAt)}</span>
                    )}
                  </div>
                ) : (
                  <span>No invitation: {invitation.error ?? 'the server made no link.'}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
