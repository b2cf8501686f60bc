import { useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import {
  agentFilesQuery,
  useDeleteAgentFile,
  useUploadAgentFiles,
  type Agent,
  type AgentFile,
} from '../api.ts';
import { formatBytes, typeOf } from '../files.ts';

/** What AddFilesToAgent reads (its type is decided by the content, not the name). */
const ACCEPTED_FILES = '.txt,.md,.csv,.json,.pdf,.docx';

/** Files: the agent's knowledge, read with every question in every user's conversations. */
export function FilesTab({ agent }: { agent: Agent }) {
  const files = useQuery(agentFilesQuery(agent.id));
  const upload = useUploadAgentFiles(agent.id);
  const remove = useDeleteAgentFile(agent.id);
  const [deleting, setDeleting] = useState<AgentFile>();
  const [chosen, setChosen] = useState<File[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate(chosen, {
      onSuccess: () => {
        setChosen([]);
        if (input.current) {
          input.current.value = '';
        }
      },
    });
  };
  return (
    <>
      <p>
        The model reads these files&rsquo; text with every question, in every conversation with this
        agent. Text, Markdown, CSV, JSON, PDF and Word documents.
      </p>
      <form onSubmit={submit} className="card stack" aria-label="Add files">
        <div className="field">
          <label htmlFor={inputId}>Files to add</label>
          <input
            id={inputId}
            ref={input}
            type="file"
            multiple
            accept={ACCEPTED_FILES}
            onChange={(event) => {
              setChosen(Array.from(event.target.files ?? []));
              upload.reset();
            }}
          />
        </div>
        <ErrorNotice error={upload.error} />
        {upload.isSuccess && (
          <Notice kind="success">Added {upload.data.map((file) => file.name).join(', ')}.</Notice>
        )}
        <div className="actions">
          <button type="submit" disabled={upload.isPending || chosen.length === 0}>
            {upload.isPending
              ? 'Uploading…'
              : chosen.length > 1
                ? `Upload ${chosen.length} files`
                : 'Upload'}
          </button>
        </div>
      </form>
      <h2 className="tab-heading">Files of this agent</h2>
      {files.isPending && <Spinner label="Loading the files…" />}
      <ErrorNotice error={files.error} />
      {files.data?.length === 0 && (
        <p className="muted">No file yet: add one above for the agent to read.</p>
      )}
      {files.data && files.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table with-actions">
            <caption className="visually-hidden">Files of {agent.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col" className="numeric">
                  Size
                </th>
                <th scope="col">Added</th>
                <th scope="col">Read for</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {files.data.map((file) => (
                <tr key={file.id}>
                  <th scope="row" className="file-name">
                    {file.name}
                  </th>
                  <td>{typeOf(file.mediaType)}</td>
                  <td className="numeric">{formatBytes(file.sizeBytes)}</td>
                  <td>{formatDateTime(file.createdAt)}</td>
                  <td>{file.shared ? 'Everyone' : 'Its uploader only'}</td>
                  <td>
                    <button
                      type="button"
                      className="button-quiet"
                      onClick={() => setDeleting(file)}
                    >
                      Delete<span className="visually-hidden"> {file.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete file"
          workingLabel="Deleting…"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await remove.mutateAsync(deleting.id);
            setDeleting(undefined);
          }}
        >
          The model no longer reads it, in any conversation with this agent.
        </ConfirmDialog>
      )}
    </>
  );
}
