import { useEffect, useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { userSearchQuery } from '../api.ts';

interface Props {
  /** Users already assigned: not offered. */
  exclude: readonly string[];
  pending: boolean;
  onPick: (userId: string) => void;
}

/** Finds people by name or email (ListUsers' search) and offers an Assign button for each. */
export function UserPicker({ exclude, pending, onPick }: Props) {
  const [search, setSearch] = useState('');
  const term = useDebounced(search.trim(), 250);
  const found = useQuery(userSearchQuery(term));
  const searchId = useId();
  const excluded = new Set(exclude);
  const matches = found.data?.filter((user) => !excluded.has(user.id)) ?? [];
  return (
    <div className="user-picker">
      <div className="field">
        <label htmlFor={searchId}>Find a user to assign</label>
        <input
          id={searchId}
          type="search"
          autoComplete="off"
          maxLength={200}
          placeholder="Name or email"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <ErrorNotice error={found.error} />
      <p className="visually-hidden" role="status">
        {term && found.data ? `${matches.length} user${matches.length === 1 ? '' : 's'} found` : ''}
      </p>
      {term && found.data && matches.length === 0 && (
        <p className="muted">No one else matches &ldquo;{term}&rdquo;.</p>
      )}
      {matches.length > 0 && (
        <ul className="item-list" aria-label="Users found">
          {matches.map((user) => (
            <li key={user.id}>
              <div>
                <strong>{user.name || user.email}</strong>
                <div className="muted">{user.email}</div>
              </div>
              <button
                type="button"
                disabled={pending || user.disabled}
                onClick={() => onPick(user.id)}
              >
                Assign<span className="visually-hidden"> {user.name || user.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** `value` once it has not changed for `ms`: one search per pause in typing, not per key. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
