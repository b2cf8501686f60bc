import { useCallback, useEffect, useRef } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { SearchField } from '../users/components/SearchField.tsx';
import { deletedName } from '../users/deleted-state.ts';
import { GROUPS_PAGE_SIZE, groupsPageQuery } from './api.ts';
import { CreateGroupForm } from './components/CreateGroupForm.tsx';
import { RequireAdmin } from '../users/components/RequireAdmin.tsx';
import '../users/users.css';

/** /admin/groups: the groups by name with their member counts; create one. */
export function GroupsPage() {
  return (
    <RequireAdmin title="Groups">
      <GroupsPageContent />
    </RequireAdmin>
  );
}

function GroupsPageContent() {
  useDocumentTitle('Groups');
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const groups = useQuery(groupsPageQuery(search, (page - 1) * GROUPS_PAGE_SIZE));
  const deleted = deletedName(useLocation().state);
  const heading = useRef<HTMLHeadingElement>(null);
  const table = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (deleted) {
      heading.current?.focus();
    }
  }, [deleted]);
  const onSearch = useCallback(
    (text: string) => setParams(text ? { q: text } : {}, { replace: true }),
    [setParams],
  );
  const goTo = (to: number) => {
    setParams({ ...(search ? { q: search } : {}), ...(to > 1 ? { page: String(to) } : {}) });
    table.current?.focus();
  };

  return (
    <div className="page people-admin">
      <h1 ref={heading} tabIndex={-1}>
        Groups
      </h1>
      <p className="lead">
        Groups gather people: assign an agent to a group and each of its members can use it.
      </p>
      {deleted && (
        <Notice kind="success">
          The group <strong>{deleted}</strong> is deleted. Its members stay.
        </Notice>
      )}
      <CreateGroupForm />
      <div className="toolbar">
        <SearchField label="Search groups" value={search} onSearch={onSearch} />
      </div>
      <ErrorNotice error={groups.error} />
      {groups.isPending && <Spinner label="Loading groups…" />}
      {groups.data && (
        <div ref={table} tabIndex={-1} className="users-results">
          {groups.data.groups.length === 0 ? (
            <p className="muted">
              {groups.data.search
                ? `No group matches “${groups.data.search}”. Check the spelling, or create the group above.`
                : page > 1
                  ? 'No more groups. Go back to the first page.'
                  : 'No groups yet. Create the first one above, or import users with a groups column: missing groups are created.'}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" aria-busy={groups.isPlaceholderData || undefined}>
                <caption>
                  {groups.data.search
                    ? `Groups matching “${groups.data.search}”`
                    : 'Groups, by name'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Description</th>
                    <th scope="col" className="numeric">
                      Members
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {groups.data.groups.map((group) => (
                    <tr key={group.id}>
                      <th scope="row">
                        <Link to={`/admin/groups/${encodeURIComponent(group.id)}`}>
                          {group.name}
                        </Link>
                      </th>
                      <td>{group.description || <span className="muted">None</span>}</td>
                      <td className="numeric">{group.memberCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {(page > 1 || groups.data.more) && (
            <nav className="pager" aria-label="Pages of groups">
              {page > 1 && (
                <button type="button" className="button-secondary" onClick={() => goTo(page - 1)}>
                  Previous page
                </button>
              )}
              {groups.data.more && (
                <button type="button" className="button-secondary" onClick={() => goTo(page + 1)}>
                  Next page
                </button>
              )}
            </nav>
          )}
        </div>
      )}
    </div>
  );
}
