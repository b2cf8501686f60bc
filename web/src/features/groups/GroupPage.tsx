import { useEffect, useRef } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AssignedAgents } from '../users/components/AssignedAgents.tsx';
import { groupQuery } from './api.ts';
import { createdName } from './created-state.ts';
import { RenameGroup } from './components/RenameGroup.tsx';
import { GroupMembers } from './components/GroupMembers.tsx';
import { DeleteGroup } from './components/DeleteGroup.tsx';
import { RequireAdmin } from '../users/components/RequireAdmin.tsx';
import '../users/users.css';

/** /admin/groups/:groupId: rename the group, its members, its agents; delete it. */
export function GroupPage() {
  return (
    <RequireAdmin title="Groups">
      <GroupPageContent />
    </RequireAdmin>
  );
}

function GroupPageContent() {
  const { groupId = '' } = useParams();
  const group = useQuery(groupQuery(groupId));
  const created = createdName(useLocation().state);
  const title = group.data?.name ?? 'Group';
  useDocumentTitle(title);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = group.data !== undefined;
  // Just created: the keyboard starts on the new group's page, not on the gone form.
  useEffect(() => {
    if (created && loaded) {
      heading.current?.focus();
    }
  }, [created, loaded]);

  if (!group.data) {
    return (
      <div className="page people-admin">
        <BackLink />
        <h1>Group</h1>
        {group.isPending && <Spinner label="Loading the group…" />}
        <ErrorNotice
          error={group.error}
          byStatus={{
            404: 'There is no such group: it may have been deleted. Go back to the list of groups.',
          }}
        />
      </div>
    );
  }
  return (
    <div className="page people-admin">
      <BackLink />
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {group.data.description && <p className="lead">{group.data.description}</p>}
      {created === group.data.name && (
        <Notice kind="success">The group is created. Add its members and agents below.</Notice>
      )}
      <GroupMembers group={group.data} />
      <AssignedAgents
        target={{ groupId: group.data.id }}
        intro="Every member of the group can use these agents."
      />
      <RenameGroup group={group.data} />
      <DeleteGroup group={group.data} />
    </div>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <Link to="/admin/groups">
        <span aria-hidden="true">← </span>All groups
      </Link>
    </p>
  );
}
