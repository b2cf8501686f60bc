import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Notice } from '../../../components/Notice.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { allAgentsQuery, allGroupsQuery, useSetDefaultAgent, type User } from '../api.ts';

const NO_DEFAULT = 'none';

/** The agents the user gets through groups, and the default agent their chat opens with. */
export function DefaultAgent({ user }: { user: User }) {
  const agents = useQuery(allAgentsQuery);
  const groups = useQuery(allGroupsQuery);
  const setDefault = useSetDefaultAgent(user.id);
  const [choice, setChoice] = useState('');
  const ids = useId();
  const groupName = (groupId: string) =>
    groups.data?.find((group) => group.id === groupId)?.name ?? groupId;
  const throughGroups = (agents.data ?? []).flatMap((agent) => {
    const via = agent.groupIds.filter((groupId) => user.groups.includes(groupId));
    return via.length > 0 ? [{ agent, via: via.map(groupName) }] : [];
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDefault.mutate(choice === NO_DEFAULT ? null : choice);
  };
  const chosen = agents.data?.find((agent) => agent.id === setDefault.variables)?.name;
  const current = agents.data?.find((agent) => agent.id === user.defaultAgentId)?.name;

  return (
    <>
      {throughGroups.length > 0 && (
        <>
          <h3>Through their groups</h3>
          <ul className="plain-list">
            {throughGroups.map(({ agent, via }) => (
              <li key={agent.id}>
                {agent.name} <span className="muted">(from {via.join(', ')})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {agents.data && agents.data.length > 0 && (
        <form onSubmit={submit} className="stack default-agent">
          <h3>Default agent</h3>
          <p>
            Now: <strong>{current ?? 'none'}</strong>
          </p>
          {setDefault.isSuccess && (
            <Notice kind="success">
              {chosen ? `${chosen} is now their default agent.` : 'They have no default agent now.'}
            </Notice>
          )}
          <ErrorNotice error={setDefault.error} />
          <div className="inline-form">
            <div className="field">
              <label htmlFor={`${ids}-select`}>Choose the default agent</label>
              <select
                id={`${ids}-select`}
                aria-describedby={`${ids}-hint`}
                value={choice}
                onChange={(event) => {
                  setChoice(event.target.value);
                  setDefault.reset();
                }}
              >
                <option value="">Choose…</option>
                <option value={NO_DEFAULT}>No default agent</option>
                {agents.data.map((agent) => (
                  <option key={agent.id} value={agent.id}>
                    {agent.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" disabled={!choice || setDefault.isPending}>
              {setDefault.isPending ? 'Saving…' : 'Set default agent'}
            </button>
          </div>
          <div className="field-hint" id={`${ids}-hint`}>
            The agent their chat opens with; it also lets them use that agent. Setting one replaces
            the current default.
          </div>
        </form>
      )}
    </>
  );
}
