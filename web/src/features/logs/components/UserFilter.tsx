import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { userSearchQuery } from '../api.ts';

/**
 * The user filter: a user ID, or a name or email to search for, whose matches can be picked
 * (the ID goes in the field).
 */
export function UserFilter({ value, onValue }: { value: string; onValue: (id: string) => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ id: string; label: string }>();
  // Searches wait until typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(value.trim()), 250);
    return () => clearTimeout(timer);
  }, [value]);
  const users = useQuery(userSearchQuery(search));
  const matches =
    search && search !== picked?.id ? (users.data ?? []).filter((user) => user.id !== value) : [];
  return (
    <div className="field user-filter">
      <label htmlFor={id}>User</label>
      <input
        id={id}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-hint`}
        ref={input}
        value={value}
        onChange={(event) => {
          setPicked(undefined);
          onValue(event.target.value);
        }}
      />
      <div className="field-hint" id={`${id}-hint`}>
        {picked?.id === value
          ? `${picked.label}.`
          : 'A user ID, or part of a name or email to find one.'}
      </div>
      <div aria-live="polite" className="user-matches">
        {matches.length > 0 && (
          <p className="field-hint">
            Choose the person below: the text as typed is taken as a user ID.
          </p>
        )}
        {matches.length > 0 && (
          <ul aria-label="Matching users">
            {matches.map((user) => (
              <li key={user.id}>
                <button
                  type="button"
                  className="button-quiet button-small"
                  onClick={() => {
                    setPicked({ id: user.id, label: `${user.name} (${user.email})` });
                    onValue(user.id);
                    // The list goes away with the button: keep the keyboard in the field.
                    input.current?.focus();
                  }}
                >
                  {user.name} ({user.email})
                </button>
              </li>
            ))}
          </ul>
        )}
        {users.isError && search.length >= 2 && (
          <span className="field-hint">People cannot be searched here: type a user ID.</span>
        )}
      </div>
    </div>
  );
}
