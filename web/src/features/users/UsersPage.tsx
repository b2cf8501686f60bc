import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { usersPageQuery } from './api.ts';
import { SearchField } from './components/SearchField.tsx';
import { UsersTable } from './components/UsersTable.tsx';
import { ImportUsers } from './components/ImportUsers.tsx';
import { deletedName } from './deleted-state.ts';
import { RequireAdmin } from './components/RequireAdmin.tsx';
import './users.css';

/** /admin/users: everyone with an account, searched and paged by email; invite or import. */
export function UsersPage() {
  return (
    <RequireAdmin title="Users">
      <UsersPageContent />
    </RequireAdmin>
  );
}

function UsersPageContent() {
  useDocumentTitle('Users');
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const after = params.get('after') ?? undefined;
  const page = useQuery(usersPageQuery(search, after));
  const [importing, setImporting] = useState(false);
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
  const goTo = (cursor: string | undefined) => {
    setParams({ ...(search ? { q: search } : {}), ...(cursor ? { after: cursor } : {}) });
    table.current?.focus();
  };

  return (
    <div className="page people-admin">
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          Users
        </h1>
        <div className="actions">
          <Link to="/admin/users/invite" className="button">
            Invite people
          </Link>
          <button
            type="button"
            className="button-secondary"
            aria-expanded={importing}
            aria-controls="import-users"
            onClick={() => setImporting(!importing)}
          >
            Import from CSV
          </button>
        </div>
      </div>
      {deleted && (
        <Notice kind="success">
          <strong>{deleted}</strong> is deleted.
        </Notice>
      )}
      <div id="import-users">{importing && <ImportUsers />}</div>
      <div className="toolbar">
        <SearchField
          label="Search users"
          hint="Part of an email address or a name."
          value={search}
          onSearch={onSearch}
        />
      </div>
      <ErrorNotice error={page.error} />
      {page.isPending && <Spinner label="Loading users…" />}
      {page.data && (
        <div ref={table} tabIndex={-1} className="users-results">
          {page.data.users.length === 0 ? (
            <EmptyUsers search={page.data.search} paged={page.data.after !== undefined} />
          ) : (
            <UsersTable
              users={page.data.users}
              caption={
                page.data.search ? `Users matching “${page.data.search}”` : 'Users, by email'
              }
              busy={page.isPlaceholderData}
            />
          )}
          {(after !== undefined || page.data.next) && (
            <nav className="pager" aria-label="Pages of users">
              {after !== undefined && (
                <button type="button" className="button-secondary" onClick={() => goTo(undefined)}>
                  First page
                </button>
              )}
              {page.data.next && (
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => goTo(page.data.next)}
                >
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

function EmptyUsers({ search, paged }: { search: string; paged: boolean }) {
  if (paged) {
    return <p className="muted">No more users. Go back to the first page.</p>;
  }
  if (search) {
    return (
      <p className="muted">
        No user matches “{search}”. Check the spelling, or search for part of the email address.
      </p>
    );
  }
  return (
    <p className="muted">No users yet. Invite people, or import a list of them from a CSV file.</p>
  );
}
