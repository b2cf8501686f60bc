import { useId, useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useCreateClient, type ClientWithSecret } from '../api.ts';
import { ClientForm } from './ClientForm.tsx';

/** "Register an API client": a name and redirect URIs; the secret comes back once. */
export function RegisterClient({ onCreated }: { onCreated: (result: ClientWithSecret) => void }) {
  const create = useCreateClient();
  const headingId = useId();
  // A new form (empty fields) after each registration.
  const [formKey, setFormKey] = useState(0);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Register an API client</h2>
      <p>
        An application that calls the AIRisk API gets a client ID and a secret. The secret is shown
        once, when the client is registered or its secret rotated.
      </p>
      <ErrorNotice error={create.error} />
      <ClientForm
        key={formKey}
        submitLabel="Register client"
        pendingLabel="Registering…"
        pending={create.isPending}
        onSubmit={(values) =>
          create.mutate(values, {
            onSuccess: (result) => {
              setFormKey((key) => key + 1);
              onCreated(result);
            },
          })
        }
      />
    </section>
  );
}
