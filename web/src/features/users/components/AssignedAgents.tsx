import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { allAgentsQuery, useAgentAssignment, type AssignmentTarget } from '../api.ts';
import { Section } from './Section.tsx';

/**
 * The agents assigned to one user or one group (ListAllAgents' userIds/groupIds), each
 * removable, and any other agent to assign. Used by the user and the group pages.
 */
export function AssignedAgents({
  target,
  intro,
  children,
}: {
  target: AssignmentTarget;
  intro: string;
  /** More about agents, under the assignments (the user page's default agent). */
  children?: ReactNode;
}) {
  const agents = useQuery(allAgentsQuery);
  const assignment = useAgentAssignment(target);
  const [choice, setChoice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const select = useRef<HTMLSelectElement>(null);
  const selectId = useId();
  const isAssigned = (agent: { userIds: string[]; groupIds: string[] }) =>
    'userId' in target
      ? agent.userIds.includes(target.userId)
      : agent.groupIds.includes(target.groupId);
  const assigned = (agents.data ?? []).filter(isAssigned);
  const toWhom = 'userId' in target ? 'directly' : 'to this group';
  const others = (agents.data ?? []).filter((agent) => !isAssigned(agent));

  const assign = (event: FormEvent) => {
    event.preventDefault();
    if (choice) {
      assignment.mutate(
        { agentId: choice, assigned: true },
        {
          onSuccess: () => {
            setChoice('');
            // The button just used is disabled until the next choice: stay on the list.
            select.current?.focus();
          },
        },
      );
    }
  };
  const unassign = (agentId: string) =>
    assignment.mutate({ agentId, assigned: false }, { onSuccess: () => heading.current?.focus() });

  return (
    <Section title="AI agents" headingRef={heading}>
      <p>{intro}</p>
      {agents.isPending && <Spinner label="Loading agents…" />}
      <ErrorNotice error={agents.error ?? assignment.error} />
      {agents.data && agents.data.length === 0 && (
        <p className="muted">
          There are no agents yet.{' '}
          <Link to="/admin/agents/new">Create one on the AI agents page</Link>, then assign it here.
        </p>
      )}
      {agents.data && agents.data.length > 0 && assigned.length === 0 && (
        <p className="muted">{`None assigned ${toWhom} yet. Choose one below.`}</p>
      )}
      {assigned.length > 0 && (
        <ul className="item-list" aria-label={`Agents assigned ${toWhom}`}>
          {assigned.map((agent) => (
            <li key={agent.id}>
              <div>
                <Link to={`/admin/agents/${encodeURIComponent(agent.id)}`}>{agent.name}</Link>
                <div className="muted">
                  {agent.engine} · {agent.model}
                </div>
              </div>
              <button
                type="button"
                className="button-secondary"
                disabled={assignment.isPending}
                onClick={() => unassign(agent.id)}
              >
                Unassign<span className="visually-hidden"> {agent.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <form onSubmit={assign} className="inline-form">
          <div className="field">
            <label htmlFor={selectId}>Assign an agent</label>
            <select
              ref={select}
              id={selectId}
              value={choice}
              onChange={(event) => setChoice(event.target.value)}
            >
              <option value="">Choose an agent…</option>
              {others.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={!choice || assignment.isPending}>
            {assignment.isPending ? 'Saving…' : 'Assign agent'}
          </button>
        </form>
      )}
      {children}
    </Section>
  );
}
