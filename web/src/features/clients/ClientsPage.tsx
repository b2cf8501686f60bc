import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { clientsQuery, type ClientWithSecret } from './api.ts';
import { ClientsTable } from './components/ClientsTable.tsx';
import { CodeSamples } from './components/CodeSamples.tsx';
import { EditClient } from './components/EditClient.tsx';
import { RegisterClient } from './components/RegisterClient.tsx';
import { SecretPanel, type ShownSecret } from './components/SecretPanel.tsx';
import './clients.css';

/** /admin/clients: the applications that use the API with OAuth2 ("Configure OAuth2"). */
export function ClientsPage() {
  useDocumentTitle('API clients');
  const clients = useQuery(clientsQuery);
  const [shown, setShown] = useState<ShownSecret>();
  // Every secret shown since this page opened, by client: the code samples fill them in.
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<string>();
  const [samplesFor, setSamplesFor] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const samplesHeading = useRef<HTMLHeadingElement>(null);

  const reveal = (result: ClientWithSecret, kind: ShownSecret['kind']) => {
    setShown({ ...result, kind });
    setSecrets((known) => ({ ...known, [result.client.id]: result.clientSecret }));
    setSamplesFor(result.client.id);
  };
  const list = clients.data ?? [];
  const editedClient = list.find((client) => client.id === editing);

  return (
    <div className="page clients-page">
      <div className="page-header">
        <h1>API clients</h1>
      </div>
      <p className="lead">
        Applications that call the AIRisk API with OAuth2 (the AIRisk documentation calls them
        APIUsers). Each has a client ID, a secret and the redirect URIs AIRisk may send its codes
        to.
      </p>
      {shown && <SecretPanel shown={shown} onDone={() => setShown(undefined)} />}
      <ErrorNotice error={actionError} />
      {clients.isPending && <Spinner label="Loading the API clients…" />}
      <ErrorNotice
        error={clients.error}
        byStatus={{ 403: 'Only company administrators can manage API clients.' }}
      />
      {clients.data &&
        (list.length === 0 ? (
          <p className="card empty-state">
            No API client is registered yet. Register one below for each application that should
            call the API; the web app needs none.
          </p>
        ) : (
          <ClientsTable
            clients={list}
            onError={setActionError}
            onEdit={(clientId) => {
              setActionError(undefined);
              setEditing(clientId);
            }}
            onRotated={(result) => reveal(result, 'rotated')}
            onDeleted={(clientId) => {
              // Nothing of a deleted client stays on the page: its secret least of all.
              setShown((current) => (current?.client.id === clientId ? undefined : current));
              setSecrets(({ [clientId]: _, ...others }) => others);
              setEditing((current) => (current === clientId ? undefined : current));
            }}
            onSamples={(clientId) => {
              setSamplesFor(clientId);
              // After the render that shows the chosen client's samples.
              requestAnimationFrame(() => samplesHeading.current?.focus());
            }}
          />
        ))}
      {editedClient && <EditClient client={editedClient} onDone={() => setEditing(undefined)} />}
      {list.length > 0 && (
        <CodeSamples
          clients={list}
          clientId={samplesFor ?? list[0]?.id ?? ''}
          onClient={setSamplesFor}
          secrets={secrets}
          headingRef={samplesHeading}
        />
      )}
      <RegisterClient onCreated={(result) => reveal(result, 'created')} />
    </div>
  );
}
