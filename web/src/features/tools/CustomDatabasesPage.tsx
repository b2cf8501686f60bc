import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { customDatabasesQuery, type CustomDatabase } from './api.ts';
import { ADMIN_ONLY, deletedName } from './states.ts';
import { UsedBy } from './components/UsedBy.tsx';
import './tools.css';

/** /admin/custom-databases: read-only PostgreSQL databases whose queries agents may run. */
export function CustomDatabasesPage() {
  useDocumentTitle('Custom databases');
  const databases = useQuery(customDatabasesQuery);
  const deleted = deletedName(useLocation().state);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (deleted) {
      heading.current?.focus();
    }
  }, [deleted]);
  return (
    <div className="page tools-page">
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          Custom databases
        </h1>
        <Link to="/admin/custom-databases/new" className="button">
          New custom database
        </Link>
      </div>
      <p className="lead">
        PostgreSQL databases agents may read while they answer: your queries, each a tool the model
        fills in, and, if you allow it, the model&rsquo;s own read-only SQL. Give one to an agent on
        the agent&rsquo;s Tools tab.
      </p>
      {deleted && (
        <Notice kind="success">
          The custom database <strong>{deleted}</strong> is deleted.
        </Notice>
      )}
      {databases.isPending && <Spinner label="Loading the custom databases…" />}
      <ErrorNotice error={databases.error} byStatus={ADMIN_ONLY} />
      {databases.data?.length === 0 && (
        <div className="card empty-state">
          <p>
            No custom database yet. Store its connection string as a custom secret (a read-only
            role&rsquo;s), then describe the database and its queries.
          </p>
        </div>
      )}
      {databases.data && databases.data.length > 0 && <DatabasesTable databases={databases.data} />}
    </div>
  );
}

function DatabasesTable({ databases }: { databases: CustomDatabase[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table tools-table">
        <caption className="visually-hidden">Custom databases</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Tools</th>
            <th scope="col">Connection secret</th>
            <th scope="col">Used by</th>
          </tr>
        </thead>
        <tbody>
          {databases.map((database) => (
            <tr key={database.id}>
              <th scope="row">
                <Link to={`/admin/custom-databases/${database.id}`} className="mono">
                  {database.name}
                </Link>
              </th>
              <td>
                <ToolNames database={database} />
              </td>
              <td>
                <code>{database.connectionSecret}</code>
              </td>
              <td>
                <UsedBy agents={database.usedBy} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ToolNames({ database }: { database: CustomDatabase }) {
  const tools = [
    ...database.queries.map((query) => `${database.name}_${query.name}`),
    ...(database.allowModelSql ? [`${database.name}_sql`] : []),
  ];
  if (tools.length === 0) {
    return <span className="muted">None yet</span>;
  }
  return (
    <ul className="used-by">
      {tools.map((tool) => (
        <li key={tool}>
          <code>{tool}</code>
        </li>
      ))}
    </ul>
  );
}
