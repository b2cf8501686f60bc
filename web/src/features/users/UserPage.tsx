import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../lib/api.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { userQuery } from './api.ts';
import { ProfileForm } from './components/ProfileForm.tsx';
import { UserGroups } from './components/UserGroups.tsx';
import { AssignedAgents } from './components/AssignedAgents.tsx';
import { DefaultAgent } from './components/DefaultAgent.tsx';
import { PasswordReset } from './components/PasswordReset.tsx';
import { AccessSection } from './components/AccessSection.tsx';
import { RequireAdmin } from './components/RequireAdmin.tsx';
import './users.css';

/** /admin/users/:userId: one person's details, roles, groups, agents, password and access. */
export function UserPage() {
  return (
    <RequireAdmin title="Users">
      <UserPageContent />
    </RequireAdmin>
  );
}

function UserPageContent() {
  const { userId = '' } = useParams();
  const { user: me } = useSession();
  const user = useQuery(userQuery(userId));
  const title = user.data ? user.data.name || user.data.email : 'User';
  useDocumentTitle(title);

  if (!user.data) {
    return (
      <div className="page people-admin">
        <BackLink />
        <h1>User</h1>
        {user.isPending && <Spinner label="Loading the user…" />}
        <ErrorNotice
          error={user.error}
          byStatus={{
            404: 'There is no such user: they may have been deleted. Go back to the list of users.',
          }}
        />
      </div>
    );
  }
  const isSelf = user.data.id === me.id;
  return (
    <div className="page people-admin">
      <BackLink />
      <h1>{title}</h1>
      <p className="lead">
        {user.data.email}
        {user.data.disabled && <span className="badge badge-disabled">Disabled</span>}
        {isSelf && <span className="badge">You</span>}
      </p>
      <ProfileForm key={user.data.id} user={user.data} isSelf={isSelf} />
      <UserGroups user={user.data} />
      <AssignedAgents
        target={{ userId: user.data.id }}
        intro="Agents assigned to this person directly. They can also use those of their groups."
      >
        <DefaultAgent user={user.data} />
      </AssignedAgents>
      <PasswordReset user={user.data} />
      <AccessSection user={user.data} isSelf={isSelf} />
    </div>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <Link to="/admin/users">
        <span aria-hidden="true">← </span>All users
      </Link>
    </p>
  );
}
