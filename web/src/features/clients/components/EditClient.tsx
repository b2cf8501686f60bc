import { useId } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useUpdateClient, type ApiClient } from '../api.ts';
import { ClientForm } from './ClientForm.tsx';

/** Renames a client or changes its redirect URIs; the secret stays. */
export function EditClient({ client, onDone }: { client: ApiClient; onDone: () => void }) {
  const update = useUpdateClient();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Edit “{client.name}”</h2>
      <ErrorNotice error={update.error} />
      <ClientForm
        key={client.id}
        initial={{ name: client.name, redirectUris: client.redirectUris }}
        submitLabel="Save changes"
        pendingLabel="Saving…"
        pending={update.isPending}
        autoFocus
        onSubmit={(values) =>
          update.mutate({ clientId: client.id, ...values }, { onSuccess: onDone })
        }
      >
        <button type="button" className="button-quiet" onClick={onDone}>
          Cancel
        </button>
      </ClientForm>
    </section>
  );
}
