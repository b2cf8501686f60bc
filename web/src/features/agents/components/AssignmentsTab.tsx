import { useId, useState, type FormEvent } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { groupsQuery, useAssignment, userQuery, type Agent } from '../api.ts';
import { UserPicker } from './UserPicker.tsx';

/** Assignments: who may chat with the agent, by name or through a group. */
export function AssignmentsTab({ agent }: { agent: Agent }) {
  const assignment = useAssignment(agent.id);
  return (
    <>
      <p>
        People chat only with the agents assigned to them, or to one of their groups. Taking an
        agent away leaves their conversations with it in place.
      </p>
      <ErrorNotice error={assignment.error} />
      <UsersSection agent={agent} assignment={assignment} />
      <GroupsSection agent={agent} assignment={assignment} />
    </>
  );
}

type Assignment = ReturnType<typeof useAssignment>;

function UsersSection({ agent, assignment }: { agent: Agent; assignment: Assignment }) {
  const headingId = useId();
  const users = useQueries({ queries: agent.userIds.map((userId) => userQuery(userId)) });
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId} className="tab-heading">
        Users ({agent.userIds.length})
      </h2>
      {agent.userIds.length === 0 ? (
        <p className="muted">No one by name yet: find people below.</p>
      ) : (
        <ul className="item-list">
          {agent.userIds.map((userId, index) => {
            const user = users[index]?.data;
            const label = user ? `${user.name} (${user.email})` : userId;
            return (
              <li key={userId}>
                <div>
                  {user ? (
                    <Link to={`/admin/users/${userId}`}>{user.name || user.email}</Link>
                  ) : (
                    <code>{userId}</code>
                  )}
                  {user && <div className="muted">{user.email}</div>}
                </div>
                <button
                  type="button"
                  className="button-secondary"
                  disabled={assignment.isPending}
                  onClick={() => assignment.mutate({ userId, assign: false })}
                >
                  Unassign<span className="visually-hidden"> {label}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <UserPicker
        exclude={agent.userIds}
        pending={assignment.isPending}
        onPick={(userId) => assignment.mutate({ userId, assign: true })}
      />
    </section>
  );
}

function GroupsSection({ agent, assignment }: { agent: Agent; assignment: Assignment }) {
  const headingId = useId();
  const selectId = useId();
  const groups = useQuery(groupsQuery);
  const [groupId, setGroupId] = useState('');
  const assigned = new Set(agent.groupIds);
  const nameOf = (id: string) => groups.data?.find((group) => group.id === id)?.name ?? id;
  const available = groups.data?.filter((group) => !assigned.has(group.id)) ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    assignment.mutate({ groupId, assign: true }, { onSuccess: () => setGroupId('') });
  };
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId} className="tab-heading">
        Groups ({agent.groupIds.length})
      </h2>
      {groups.isPending && <Spinner label="Loading the groups…" />}
      <ErrorNotice error={groups.error} />
      {agent.groupIds.length === 0 ? (
        groups.data?.length !== 0 && <p className="muted">No group yet: choose one below.</p>
      ) : (
        <ul className="item-list">
          {agent.groupIds.map((id) => (
            <li key={id}>
              <div>
                <Link to={`/admin/groups/${id}`}>{nameOf(id)}</Link>
              </div>
              <button
                type="button"
                className="button-secondary"
                disabled={assignment.isPending}
                onClick={() => assignment.mutate({ groupId: id, assign: false })}
              >
                Unassign<span className="visually-hidden"> the group {nameOf(id)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {groups.data && groups.data.length === 0 && (
        <p className="muted">
          There is no group yet: <Link to="/admin/groups">create one</Link> to assign the agent to
          many people at once.
        </p>
      )}
      {available.length > 0 && (
        <form onSubmit={submit} className="inline-form">
          <div className="field">
            <label htmlFor={selectId}>Group to assign</label>
            <select
              id={selectId}
              required
              value={groupId}
              onChange={(event) => setGroupId(event.target.value)}
            >
              <option value="">Choose a group…</option>
              {available.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name} ({group.memberCount} member{group.memberCount === 1 ? '' : 's'})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={assignment.isPending || !groupId}>
            Assign group
          </button>
        </form>
      )}
    </section>
  );
}
