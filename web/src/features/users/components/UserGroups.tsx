import { useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { allGroupsQuery, useMembership, type User } from '../api.ts';
import { Section } from './Section.tsx';

/** The groups the user is in: each removable; any other group can be added. */
export function UserGroups({ user }: { user: User }) {
  const groups = useQuery(allGroupsQuery);
  const membership = useMembership();
  const [choice, setChoice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const select = useRef<HTMLSelectElement>(null);
  const selectId = useId();
  const memberOf = (groups.data ?? []).filter((group) => user.groups.includes(group.id));
  const others = (groups.data ?? []).filter((group) => !user.groups.includes(group.id));

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (choice) {
      membership.mutate(
        { userId: user.id, groupId: choice, member: true },
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
  const remove = (groupId: string) =>
    membership.mutate(
      { userId: user.id, groupId, member: false },
      { onSuccess: () => heading.current?.focus() },
    );

  return (
    <Section title="Groups" headingRef={heading}>
      <p>A person can use the agents assigned to each of their groups.</p>
      {groups.isPending && <Spinner label="Loading groups…" />}
      <ErrorNotice error={groups.error ?? membership.error} />
      {groups.data && memberOf.length === 0 && (
        <p className="muted">Not in any group yet. Add them to one below.</p>
      )}
      {memberOf.length > 0 && (
        <ul className="item-list" aria-label="Groups of this person">
          {memberOf.map((group) => (
            <li key={group.id}>
              <div>
                <Link to={`/admin/groups/${encodeURIComponent(group.id)}`}>{group.name}</Link>
              </div>
              <button
                type="button"
                className="button-secondary"
                disabled={membership.isPending}
                onClick={() => remove(group.id)}
              >
                Remove<span className="visually-hidden"> from {group.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {groups.data && groups.data.length === 0 && (
        <p className="muted">
          There are no groups yet. <Link to="/admin/groups">Create one on the Groups page</Link>.
        </p>
      )}
      {others.length > 0 && (
        <form onSubmit={add} className="inline-form">
          <div className="field">
            <label htmlFor={selectId}>Add to group</label>
            <select
              ref={select}
              id={selectId}
              value={choice}
              onChange={(event) => setChoice(event.target.value)}
            >
              <option value="">Choose a group…</option>
              {others.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={!choice || membership.isPending}>
            {membership.isPending ? 'Saving…' : 'Add to group'}
          </button>
        </form>
      )}
    </Section>
  );
}
