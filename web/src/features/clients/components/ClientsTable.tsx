import { useState } from 'react';
import { formatDateTime } from '../../../lib/format.ts';
import { isAhead, useUnlockClient, useUpdateClient, type ApiClient } from '../api.ts';
import type { ClientWithSecret } from '../api.ts';
import { DeleteDialog, DisableDialog, RotateDialog } from './ClientDialogs.tsx';

interface ClientsTableProps {
  clients: ApiClient[];
  onSamples: (clientId: string) => void;
  onEdit: (clientId: string) => void;
  onRotated: (result: ClientWithSecret) => void;
  onDeleted: (clientId: string) => void;
  /** How an enable or unlock ended: its error, or undefined (dialogs show their own). */
  onError: (error: unknown) => void;
}

type OpenDialog = { kind: 'rotate' | 'disable' | 'delete'; client: ApiClient };

export function ClientsTable({
  clients,
  onSamples,
  onEdit,
  onRotated,
  onDeleted,
  onError,
}: ClientsTableProps) {
  const [dialog, setDialog] = useState<OpenDialog>();
  const update = useUpdateClient();
  const unlock = useUnlockClient();
  const close = () => setDialog(undefined);
  const outcome = { onError, onSuccess: () => onError(undefined) };
  return (
    <>
      <div className="table-scroll">
        <table className="data-table clients-table">
          <caption className="visually-hidden">API clients</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Client ID</th>
              <th scope="col">Redirect URIs</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((client) => (
              <tr key={client.id}>
                <th scope="row">{client.name}</th>
                <td>
                  <code className="client-id">{client.id}</code>
                </td>
                <td>
                  <ul className="uri-list">
                    {client.redirectUris.map((uri) => (
                      <li key={uri}>
                        <code>{uri}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{formatDateTime(client.createdAt)}</td>
                <td>
                  <ClientStatus client={client} />
                </td>
                <td>
                  <div className="row-actions">
                    <RowButton label="Code samples" of="for" client={client} onClick={onSamples} />
                    <RowButton label="Edit" client={client} onClick={onEdit} />
                    <RowButton
                      label="Rotate secret"
                      of="of"
                      client={client}
                      onClick={() => setDialog({ kind: 'rotate', client })}
                    />
                    {client.disabled ? (
                      <RowButton
                        label="Enable"
                        client={client}
                        disabled={update.isPending}
                        onClick={() =>
                          update.mutate({ clientId: client.id, disabled: false }, outcome)
                        }
                      />
                    ) : (
                      <RowButton
                        label="Disable"
                        client={client}
                        onClick={() => setDialog({ kind: 'disable', client })}
                      />
                    )}
                    {isAhead(client.lockedUntil) && (
                      <RowButton
                        label="Unlock"
                        client={client}
                        disabled={unlock.isPending}
                        onClick={() => unlock.mutate(client.id, outcome)}
                      />
                    )}
                    <RowButton
                      label="Delete"
                      client={client}
                      danger
                      onClick={() => setDialog({ kind: 'delete', client })}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog?.kind === 'rotate' && (
        <RotateDialog client={dialog.client} onClose={close} onRotated={onRotated} />
      )}
      {dialog?.kind === 'disable' && <DisableDialog client={dialog.client} onClose={close} />}
      {dialog?.kind === 'delete' && (
        <DeleteDialog client={dialog.client} onClose={close} onDeleted={onDeleted} />
      )}
    </>
  );
}

/** Enabled, disabled or locked, in words; and the old secret's grace period if one runs. */
function ClientStatus({ client }: { client: ApiClient }) {
  return (
    <div className="client-status">
      {client.disabled ? (
        <span className="badge badge-off">Disabled</span>
      ) : (
        <span className="badge badge-on">Enabled</span>
      )}
      {isAhead(client.lockedUntil) && (
        <span className="badge badge-warn">Locked until {formatDateTime(client.lockedUntil)}</span>
      )}
      {isAhead(client.previousSecretExpiresAt) && (
        <span className="muted">
          Previous secret works until {formatDateTime(client.previousSecretExpiresAt)}
        </span>
      )}
    </div>
  );
}

/** A row's action; its accessible name ends with the client's name ("Delete My app"). */
function RowButton({
  label,
  of,
  client,
  onClick,
  disabled,
  danger,
}: {
  label: string;
  /** A word between the label and the client's name, for screen readers. */
  of?: string;
  client: ApiClient;
  onClick: (clientId: string) => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  return (
    <button
      type="button"
      className={
        danger ? 'button-secondary button-small danger-text' : 'button-secondary button-small'
      }
      disabled={disabled}
      onClick={() => onClick(client.id)}
    >
      {label}
      <span className="visually-hidden">{` ${of ? `${of} ` : ''}${client.name}`}</span>
    </button>
  );
}
