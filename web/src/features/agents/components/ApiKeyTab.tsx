import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { useUpdateAgent, type Agent } from '../api.ts';
import { ApiKeyField } from './ApiKeyField.tsx';
import { TabForm } from './TabForm.tsx';

/**
 * API key: write-only (only its last 4 characters come back), or each user's own key for the
 * engine, which they set on their Account page.
 */
export function ApiKeyTab({ agent }: { agent: Agent }) {
  const update = useUpdateAgent(agent.id);
  const remove = useUpdateAgent(agent.id);
  const [apiKey, setApiKey] = useState('');
  const [useUserKey, setUseUserKey] = useState(agent.useUserKey);
  const [removing, setRemoving] = useState(false);
  const typed = apiKey.trim();
  if (agent.engine === 'demo' && !agent.hasApiKey) {
    return (
      <Notice kind="info">
        The demo engine needs no key. Choose another engine on the Engine tab to give this agent a
        provider&rsquo;s key.
      </Notice>
    );
  }
  return (
    <>
      {agent.hasApiKey ? (
        <Notice kind="info">
          A key ending in <code>…{agent.apiKeyLast4}</code> is stored (encrypted). It is never shown
          again: type a new one to replace it.
        </Notice>
      ) : (
        <Notice kind="info">No key is stored for this agent.</Notice>
      )}
      {remove.isSuccess && !agent.hasApiKey && <Notice kind="success">Key removed.</Notice>}
      <TabForm
        label="API key"
        saving={update}
        onSubmit={() =>
          update.mutate(
            { useUserKey, ...(typed && { apiKey: typed }) },
            { onSuccess: () => setApiKey('') },
          )
        }
        actions={
          agent.hasApiKey && (
            <button type="button" className="button-secondary" onClick={() => setRemoving(true)}>
              Remove key
            </button>
          )
        }
      >
        <ApiKeyField
          engine={agent.engine}
          label={agent.hasApiKey ? 'New API key' : 'API key'}
          value={apiKey}
          onChange={(value) => {
            setApiKey(value);
            update.reset();
          }}
          extraHint={agent.hasApiKey ? 'Leave it empty to keep the stored key.' : undefined}
        />
        <div className="field">
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={useUserKey}
              aria-describedby={`user-key-${agent.id}`}
              onChange={(event) => {
                setUseUserKey(event.target.checked);
                update.reset();
              }}
            />
            Use each user&rsquo;s own key
          </label>
          <div className="field-hint" id={`user-key-${agent.id}`}>
            Each person sets their key for the <code>{agent.engine}</code> provider on their{' '}
            <Link to="/account">Account page</Link> (Your provider keys). Someone who has set none
            cannot chat with this agent: the agent&rsquo;s own key is not used then.
          </div>
        </div>
      </TabForm>
      {removing && (
        <ConfirmDialog
          title="Remove the API key?"
          confirmLabel="Remove key"
          workingLabel="Removing…"
          onClose={() => setRemoving(false)}
          onConfirm={async () => {
            await remove.mutateAsync({ apiKey: null });
            setRemoving(false);
          }}
        >
          The agent stops answering until it has a key again, unless it uses each user&rsquo;s own
          key.
        </ConfirmDialog>
      )}
    </>
  );
}
