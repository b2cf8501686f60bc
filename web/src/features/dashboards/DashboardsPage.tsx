import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { formatDateTime } from '../../lib/format.ts';
import {
  dashboardsQuery,
  STARTER_ELEMENTS,
  useCreateDashboard,
  useDeleteDashboard,
  type Dashboard,
} from './api.ts';
import { DashboardNameField, NAME_TAKEN } from './components/DashboardName.tsx';
import './dashboards.css';

const FORBIDDEN = { 403: 'Only monitors and company administrators can open dashboards.' };

/** /admin/dashboards: the saved dashboards, shared by every monitor and administrator. */
export function DashboardsPage() {
  useDocumentTitle('Dashboards');
  const dashboards = useQuery(dashboardsQuery);
  const create = useCreateDashboard();
  const navigate = useNavigate();
  const [name, setName] = useState('Overview');
  const [deleting, setDeleting] = useState<Dashboard>();
  const remove = useDeleteDashboard();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), elements: STARTER_ELEMENTS },
      { onSuccess: (dashboard) => void navigate(dashboard.id) },
    );
  };

  return (
    <div className="page dashboards-page">
      <div className="page-header">
        <h1>Dashboards</h1>
      </div>
      <p className="lead">
        Usage, cost and blocked messages at a glance. Every monitor and administrator sees the same
        saved dashboards.
      </p>
      {dashboards.isPending && <Spinner label="Loading the dashboards…" />}
      <ErrorNotice error={dashboards.error} byStatus={FORBIDDEN} />
      {dashboards.data &&
        (dashboards.data.length === 0 ? (
          <p className="card empty-state">
            No dashboard is saved yet. Create one below: it starts with the last 30 days&apos;
            totals, the top users, messages per day and blocked messages by country.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Saved dashboards</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Elements</th>
                  <th scope="col">Updated</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {dashboards.data.map((dashboard) => (
                  <tr key={dashboard.id}>
                    <th scope="row">
                      <Link to={dashboard.id}>{dashboard.name}</Link>
                    </th>
                    <td>{dashboard.elements.length}</td>
                    <td>{formatDateTime(dashboard.updatedAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button-secondary button-small danger-text"
                        onClick={() => setDeleting(dashboard)}
                      >
                        Delete<span className="visually-hidden"> {dashboard.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <form className="card new-dashboard" onSubmit={submit}>
        <h2>New dashboard</h2>
        <DashboardNameField
          value={name}
          onChange={setName}
          hint="It starts with a starter set of elements; change them on the dashboard."
        />
        <ErrorNotice error={create.error} byStatus={{ ...FORBIDDEN, ...NAME_TAKEN }} />
        <div className="actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'New dashboard'}
          </button>
        </div>
      </form>
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          confirmLabel="Delete dashboard"
          workingLabel="Deleting…"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await remove.mutateAsync(deleting.id);
            setDeleting(undefined);
          }}
        >
          Every monitor and administrator loses it; the activity it showed stays recorded.
        </ConfirmDialog>
      )}
    </div>
  );
}
