import { useId, useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { useUpdateIssue, type IssueDetail, type IssueStatus } from '../api.ts';
import type { Directory } from '../directory.ts';

// "Editing Issues": the status moves open → acknowledged → resolved (and back), and the issue can
// be given to someone. Each change joins the issue's history.

const NEXT: Record<IssueStatus, { status: IssueStatus; label: string; done: string }[]> = {
  open: [
    {
      status: 'acknowledged',
      label: 'Acknowledge',
      done: 'Acknowledged: others see you are on it.',
    },
    { status: 'resolved', label: 'Resolve', done: 'Resolved.' },
  ],
  acknowledged: [
    { status: 'resolved', label: 'Resolve', done: 'Resolved.' },
    { status: 'open', label: 'Back to open', done: 'Open again.' },
  ],
  resolved: [{ status: 'open', label: 'Reopen', done: 'Reopened.' }],
};

const CONFLICT =
  'The rule has opened a newer issue for the same subject since this one was resolved: work on that one (All issues lists it).';

export function IssueWork({ issue, directory }: { issue: IssueDetail; directory: Directory }) {
  const update = useUpdateIssue();
  const [done, setDone] = useState<string>();
  const [assignee, setAssignee] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const assignId = useId();

  // The button pressed is gone after most changes: the keyboard goes back to the section.
  const change = (body: { status?: IssueStatus; assigneeId?: string | null }, outcome: string) => {
    setDone(undefined);
    update.mutate(
      { issueId: issue.id, ...body },
      {
        onSuccess: () => {
          setDone(outcome);
          heading.current?.focus();
        },
      },
    );
  };
  const assign = (event: FormEvent) => {
    event.preventDefault();
    const person = directory.assignable.find((candidate) => candidate.id === assignee);
    if (person) {
      change({ assigneeId: person.id }, `Assigned to ${person.name}.`);
      setAssignee('');
    }
  };
  const others = directory.assignable.filter((person) => person.id !== issue.assigneeId);

  return (
    <section className="card issue-work" aria-labelledby={`${assignId}-heading`}>
      <h2 id={`${assignId}-heading`} ref={heading} tabIndex={-1}>
        Work on it
      </h2>
      {done && <Notice kind="success">{done}</Notice>}
      <ErrorNotice
        error={update.error}
        byStatus={{
          409: CONFLICT,
          404: 'This issue was deleted meanwhile, with its rule. Go back to all issues.',
          400: 'This person can no longer be given issues (they need the Monitor or CompanyAdmin role). Choose someone else.',
        }}
      />
      <div className="actions" role="group" aria-label="Status">
        {NEXT[issue.status].map((next, index) => (
          <button
            key={next.status}
            type="button"
            className={index === 0 ? 'button' : 'button-secondary'}
            disabled={update.isPending}
            onClick={() => change({ status: next.status }, next.done)}
          >
            {next.label}
          </button>
        ))}
        {issue.assigneeId !== directory.meId && (
          <button
            type="button"
            className="button-secondary"
            disabled={update.isPending}
            onClick={() => change({ assigneeId: directory.meId }, 'Assigned to you.')}
          >
            Assign to me
          </button>
        )}
        {issue.assigneeId !== null && (
          <button
            type="button"
            className="button-quiet"
            disabled={update.isPending}
            onClick={() => change({ assigneeId: null }, 'Nobody is assigned now.')}
          >
            Unassign
          </button>
        )}
      </div>
      {others.length > 0 && (
        <form className="assign-form" onSubmit={assign}>
          <div className="field">
            <label htmlFor={assignId}>Assign to someone else</label>
            <select
              id={assignId}
              value={assignee}
              required
              onChange={(event) => setAssignee(event.target.value)}
            >
              <option value="">Choose a monitor or administrator</option>
              {others.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button-secondary" disabled={update.isPending}>
            Assign
          </button>
        </form>
      )}
    </section>
  );
}
