import { useId, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import {
  useDeleteClient,
  useRotateSecret,
  useUpdateClient,
  type ApiClient,
  type ClientWithSecret,
} from '../api.ts';

export const GRACE_PERIODS = [
  { seconds: 0, label: 'None: the old secret stops working now' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 604_800, label: '7 days' },
] as const;

const ROUTINE_GRACE_SECONDS = 86_400;

interface DialogProps {
  client: ApiClient;
  onClose: () => void;
}

/** Rotate: a new secret, the old one kept for a grace period when asked. */
export function RotateDialog({
  client,
  onClose,
  onRotated,
}: DialogProps & { onRotated: (result: ClientWithSecret) => void }) {
  const rotate = useRotateSecret();
  // A routine rotation keeps the running application working; a leak is the exception.
  const [grace, setGrace] = useState<number>(ROUTINE_GRACE_SECONDS);
  const graceId = useId();
  return (
    <ConfirmDialog
      title={`Rotate the secret of “${client.name}”?`}
      confirmLabel="Rotate secret"
      workingLabel="Rotating…"
      onClose={onClose}
      onConfirm={async () => {
        onRotated(await rotate.mutateAsync({ clientId: client.id, graceSeconds: grace }));
        onClose();
      }}
    >
      A new secret is made and shown once. During a grace period both the old and the new secret
      work, so the application can switch without downtime; after it, only the new one does. If the
      secret has leaked, choose no grace period.
      <span className="dialog-field">
        <label htmlFor={graceId}>Grace period for the old secret</label>
        <select
          id={graceId}
          value={grace}
          onChange={(event) => setGrace(Number(event.target.value))}
        >
          {GRACE_PERIODS.map((period) => (
            <option key={period.seconds} value={period.seconds}>
              {period.label}
            </option>
          ))}
        </select>
      </span>
    </ConfirmDialog>
  );
}

export function DisableDialog({ client, onClose }: DialogProps) {
  const update = useUpdateClient();
  return (
    <ConfirmDialog
      title={`Disable “${client.name}”?`}
      confirmLabel="Disable"
      workingLabel="Disabling…"
      onClose={onClose}
      onConfirm={async () => {
        await update.mutateAsync({ clientId: client.id, disabled: true });
        onClose();
      }}
    >
      Its access tokens stop working at once, and it gets no new code or token until you enable it
      again. Its secret and redirect URIs are kept.
    </ConfirmDialog>
  );
}

export function DeleteDialog({
  client,
  onClose,
  onDeleted,
}: DialogProps & { onDeleted: (clientId: string) => void }) {
  const remove = useDeleteClient();
  return (
    <ConfirmDialog
      title={`Delete “${client.name}”?`}
      confirmLabel="Delete client"
      workingLabel="Deleting…"
      onClose={onClose}
      onConfirm={async () => {
        await remove.mutateAsync(client.id);
        onDeleted(client.id);
        onClose();
      }}
    >
      Its secret and access tokens stop working at once and cannot be brought back: an application
      using it can no longer sign in. To stop it for a while instead, disable it.
    </ConfirmDialog>
  );
}
