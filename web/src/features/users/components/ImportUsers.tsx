import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { useImportUsers } from '../api.ts';
import { ImportResult } from './ImportResult.tsx';

const EXAMPLE = [
  'email,name,roles,groups',
  'ada@example.com,Ada Lovelace,User,Finance',
  'grace@example.com,Grace Hopper,User;Compliance,Finance;Audit',
  'alan@example.com,Alan Turing,,',
  '',
].join('\n');

const EXAMPLE_URL = `data:text/csv;charset=utf-8,${encodeURIComponent(EXAMPLE)}`;

/** POST /api/Users/ImportUsers: a CSV file (or pasted lines) of people to add at once. */
export function ImportUsers() {
  const importUsers = useImportUsers();
  const [file, setFile] = useState<File>();
  const [pasted, setPasted] = useState('');
  const [invite, setInvite] = useState(true);
  const fileInput = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const ids = useId();

  // Opening the panel takes the keyboard to it.
  useEffect(() => heading.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const csv = file ?? pasted;
    importUsers.mutate(
      { csv, invite },
      {
        onSuccess: () => {
          setFile(undefined);
          setPasted('');
          if (fileInput.current) {
            fileInput.current.value = '';
          }
        },
      },
    );
  };

  return (
    <section className="card import-users" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} ref={heading} tabIndex={-1}>
        Import users from a CSV file
      </h2>
      <p>
        The first line is the header <code>email,name,roles,groups</code>; then one person per line.
        Separate several roles or groups with <code>;</code>. Roles are <code>User</code>,{' '}
        <code>CompanyAdmin</code>, <code>Monitor</code> and <code>Compliance</code> (
        <code>User</code> when left empty); groups that do not exist yet are created. A line with a
        mistake is left out and named below; the other lines are imported.
      </p>
      <p>For example:</p>
      <pre className="snippet">{EXAMPLE}</pre>
      <p>
        <a href={EXAMPLE_URL} download="airisk-users-example.csv">
          Download this example
        </a>{' '}
        to start from it.
      </p>
      {importUsers.data && <ImportResult report={importUsers.data} />}
      <ErrorNotice
        error={importUsers.error}
        byStatus={{ 413: 'The file is larger than 5 MB. Split it into smaller files.' }}
      />
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor={`${ids}-file`}>CSV file</label>
          <input
            id={`${ids}-file`}
            ref={fileInput}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${ids}-file-hint`}
            onChange={(event) => setFile(event.target.files?.[0])}
          />
          <div className="field-hint" id={`${ids}-file-hint`}>
            Up to 5 MB, UTF-8. A spreadsheet saves one with “Save as… CSV”.
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-paste`}>Or paste the lines here</label>
          <textarea
            id={`${ids}-paste`}
            rows={5}
            spellCheck={false}
            aria-describedby={`${ids}-paste-hint`}
            value={pasted}
            onChange={(event) => setPasted(event.target.value)}
          />
          <div className="field-hint" id={`${ids}-paste-hint`}>
            Used when no file is chosen. Start with the header line.
          </div>
        </div>
        <div className="checkbox-field">
          <input
            id={`${ids}-invite`}
            type="checkbox"
            checked={invite}
            aria-describedby={`${ids}-invite-hint`}
            onChange={(event) => setInvite(event.target.checked)}
          />
          <div>
            <label htmlFor={`${ids}-invite`}>Invite each new person</label>
            <div className="field-hint" id={`${ids}-invite-hint`}>
              They get a link to choose a password. When this server sends no email, the links are
              listed here for you to send.
            </div>
          </div>
        </div>
        <SubmitActions
          label="Import users"
          pendingLabel="Importing…"
          pending={importUsers.isPending}
          disabled={!file && !pasted.trim()}
        />
      </form>
    </section>
  );
}
