import { Link } from 'react-router';
import { roleLabel } from '../../../lib/roles.ts';
import type { User } from '../api.ts';

/** One page of users: each name opens the user's page. */
export function UsersTable({
  users,
  caption,
  busy,
}: {
  users: readonly User[];
  caption: string;
  busy: boolean;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table people-table" aria-busy={busy || undefined}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Groups
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <th scope="row">
                <Link to={`/admin/users/${encodeURIComponent(user.id)}`}>{user.email}</Link>
              </th>
              <td>{user.name || <span className="muted">No name</span>}</td>
              <td>{user.roles.length > 0 ? user.roles.map(roleLabel).join(', ') : 'None'}</td>
              <td>
                {user.disabled ? <span className="badge badge-disabled">Disabled</span> : 'Active'}
              </td>
              <td className="numeric">{user.groups.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
