import { useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { ISSUE_STATUSES, useCommentIssue, type IssueDetail, type IssueEvent } from '../api.ts';
import type { Directory } from '../directory.ts';

const MAX_COMMENT_CHARS = 10_000;

/** The issue's history, oldest first (opened, each change, each comment), and a new comment. */
export function IssueHistory({ issue, directory }: { issue: IssueDetail; directory: Directory }) {
  const comment = useCommentIssue();
  const [text, setText] = useState('');
  const textarea = useRef<HTMLTextAreaElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    comment.mutate(
      { issueId: issue.id, comment: text.trim() },
      {
        onSuccess: () => {
          setText('');
          textarea.current?.focus();
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="issue-history">
      <h2 id="issue-history">History</h2>
      <ol className="issue-history">
        {issue.history.map((event) => (
          <li key={event.id}>
            <time dateTime={event.at} className="muted">
              {formatDateTime(event.at)}
            </time>{' '}
            <HistoryLine event={event} directory={directory} />
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="issue-comment">
        <div className="field">
          <label htmlFor="issue-comment">Comment</label>
          <textarea
            ref={textarea}
            id="issue-comment"
            aria-describedby="issue-comment-hint"
            value={text}
            required
            maxLength={MAX_COMMENT_CHARS}
            rows={3}
            onChange={(event) => {
              setText(event.target.value);
              comment.reset();
            }}
          />
          <div className="field-hint" id="issue-comment-hint">
            What you found or did: everyone who works on monitoring reads it here.
          </div>
        </div>
        <ErrorNotice
          error={comment.error}
          byStatus={{
            404: 'This issue was deleted meanwhile, with its rule. Copy your comment elsewhere.',
          }}
        />
        <SubmitActions
          label="Add comment"
          pendingLabel="Adding…"
          pending={comment.isPending}
          disabled={!text.trim()}
          className="button-secondary"
        />
      </form>
    </section>
  );
}

const statusText = (value: unknown) =>
  ISSUE_STATUSES.find((option) => option.value === value)?.label ?? String(value);

function HistoryLine({ event, directory }: { event: IssueEvent; directory: Directory }) {
  const actor =
    event.actorId === null ? 'The rule' : directory.person(event.actorId, event.actorName);
  const { from, to, comment } = event.details;
  switch (event.kind) {
    case 'opened':
      return (
        <>
          <strong>{actor}</strong> opened the issue
        </>
      );
    case 'status_changed':
      return (
        <>
          <strong>{actor}</strong> changed the status from {statusText(from)} to {statusText(to)}
        </>
      );
    case 'assigned':
      return (
        <>
          <strong>{actor}</strong>{' '}
          {typeof to === 'string'
            ? `assigned it to ${to === directory.meId ? 'you' : directory.person(to)}`
            : 'unassigned it'}
        </>
      );
    case 'commented':
      return (
        <>
          <strong>{actor}</strong> commented:
          <p className="issue-comment-text">{String(comment)}</p>
        </>
      );
  }
}
