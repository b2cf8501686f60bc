import { useRef } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Section } from '../../users/components/Section.tsx';
import { type GroupDetail } from '../api.ts';
import { useMembership } from '../../users/api.ts';
import { AddMember } from './AddMember.tsx';

/** The group's members (GetGroup), each removable, and a search to add more. */
export function GroupMembers({ group }: { group: GroupDetail }) {
  const member = useMembership();
  const heading = useRef<HTMLHeadingElement>(null);
  const remove = (userId: string) =>
    member.mutate(
      { userId, groupId: group.id, member: false },
      { onSuccess: () => heading.current?.focus() },
    );
  return (
    <Section title="Members" headingRef={heading}>
      <ErrorNotice error={member.error} />
      {group.members.length === 0 ? (
        <p className="muted">No members yet. Find people below to add them.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table people-table">
            <caption>
              {group.members.length === 1 ? '1 member' : `${group.members.length} members`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {group.members.map((person) => (
                <tr key={person.id}>
                  <th scope="row">
                    <Link to={`/admin/users/${encodeURIComponent(person.id)}`}>{person.email}</Link>
                  </th>
                  <td>{person.name}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={member.isPending}
                      onClick={() => remove(person.id)}
                    >
                      Remove<span className="visually-hidden"> {person.email} from the group</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddMember group={group} />
    </Section>
  );
}
