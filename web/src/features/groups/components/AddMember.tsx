import { useCallback, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { SearchField } from '../../users/components/SearchField.tsx';
import { userSearchQuery, type GroupDetail } from '../api.ts';
import { useMembership } from '../../users/api.ts';

/** Finds people by email or name (ListUsers search) and adds them to the group. */
export function AddMember({ group }: { group: GroupDetail }) {
  const [search, setSearch] = useState('');
  const found = useQuery(userSearchQuery(search));
  const member = useMembership();
  const heading = useRef<HTMLHeadingElement>(null);
  const isMember = (userId: string) => group.members.some((person) => person.id === userId);
  const [added, setAdded] = useState<string>();
  const onSearch = useCallback((text: string) => {
    setSearch(text);
    setAdded(undefined);
  }, []);

  const add = (userId: string, email: string) =>
    member.mutate(
      { userId, groupId: group.id, member: true },
      {
        onSuccess: () => {
          setAdded(email);
          heading.current?.focus();
        },
      },
    );

  return (
    <div className="add-member">
      <h3 ref={heading} tabIndex={-1}>
        Add members
      </h3>
      {added && (
        <Notice kind="success">
          <strong>{added}</strong> is now a member.
        </Notice>
      )}
      <ErrorNotice error={found.error ?? member.error} />
      <div className="toolbar">
        <SearchField
          label="Find people"
          hint="Part of an email address or a name."
          value={search}
          onSearch={onSearch}
        />
      </div>
      {found.isFetching && !found.data && <Spinner label="Searching…" />}
      {search && found.data && found.data.length === 0 && (
        <p className="muted">
          Nobody matches “{search}”. Invite them first from the Users page, then add them here.
        </p>
      )}
      {search && found.data && found.data.length > 0 && (
        <ul className="item-list" aria-label={`People matching “${search}”`}>
          {found.data.map((person) => (
            <li key={person.id}>
              <div>
                <strong>{person.email}</strong>
                {person.name && <div className="muted">{person.name}</div>}
              </div>
              {isMember(person.id) ? (
                <span className="muted">Already a member</span>
              ) : (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={member.isPending}
                  onClick={() => add(person.id, person.email)}
                >
                  Add<span className="visually-hidden"> {person.email}</span> to the group
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
