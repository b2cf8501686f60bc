import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { customApisQuery, type CustomApi } from './api.ts';
import { authKindLabel } from './tool-words.ts';
import { ADMIN_ONLY, deletedName, importedNames } from './states.ts';
import { UsedBy } from './components/UsedBy.tsx';
import './tools.css';

/** /admin/custom-apis: the company's HTTP APIs that agents may call as tools. */
export function CustomApisPage() {
  useDocumentTitle('Custom APIs');
  const apis = useQuery(customApisQuery);
  const state: unknown = useLocation().state;
  const deleted = deletedName(state);
  const imported = importedNames(state);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (deleted || imported) {
      heading.current?.focus();
    }
  }, [deleted, imported]);
  return (
    <div className="page tools-page">
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          Custom APIs
        </h1>
        <div className="actions">
          <Link to="/admin/custom-apis/import" className="button button-secondary">
            Import from OpenAPI
          </Link>
          <Link to="/admin/custom-apis/new" className="button">
            New custom API
          </Link>
        </div>
      </div>
      <p className="lead">
        HTTP endpoints of your company that agents may call while they answer: the model picks the
        API by its description and fills in its parameters. Give one to an agent on the
        agent&rsquo;s Tools tab.
      </p>
      {deleted && (
        <Notice kind="success">
          The custom API <strong>{deleted}</strong> is deleted.
        </Notice>
      )}
      {imported && (
        <Notice kind="success">
          Imported {imported.length === 1 ? 'one API' : `${imported.length} APIs`}:{' '}
          {imported.join(', ')}. Check each one&rsquo;s authentication before an agent uses it.
        </Notice>
      )}
      {apis.isPending && <Spinner label="Loading the custom APIs…" />}
      <ErrorNotice error={apis.error} byStatus={ADMIN_ONLY} />
      {apis.data?.length === 0 && (
        <div className="card empty-state">
          <p>
            No custom API yet. Describe one by hand, or import the operations of an OpenAPI
            document.
          </p>
        </div>
      )}
      {apis.data && apis.data.length > 0 && <ApisTable apis={apis.data} />}
    </div>
  );
}

function ApisTable({ apis }: { apis: CustomApi[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table tools-table">
        <caption className="visually-hidden">Custom APIs</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Authentication</th>
            <th scope="col">Used by</th>
          </tr>
        </thead>
        <tbody>
          {apis.map((api) => (
            <tr key={api.id}>
              <th scope="row">
                <Link to={`/admin/custom-apis/${api.id}`} className="mono">
                  {api.name}
                </Link>
              </th>
              <td>
                <span className="method">{api.method}</span> <code>{api.baseUrl + api.path}</code>
              </td>
              <td>{authKindLabel(api.auth.kind)}</td>
              <td>
                <UsedBy agents={api.usedBy} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
