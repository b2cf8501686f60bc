import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import {
  companyAgentsQuery,
  useUpdateCompanySettings,
  type CompanySettings,
  type CompanySettingsInput,
} from '../api.ts';
import { Section } from './Section.tsx';

function domainsOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter(Boolean);
}

/** The agent new users get, and the email domains people may sign in and be invited from. */
export function NewUsersSection({ settings }: { settings: CompanySettings }) {
  const agentId = useId();
  const domainsId = useId();
  const agents = useQuery(companyAgentsQuery);
  const update = useUpdateCompanySettings();
  const [defaultAgent, setDefaultAgent] = useState(settings.defaultAgentId ?? '');
  const [domains, setDomains] = useState(settings.allowedSignInDomains.join('\n'));

  const changes: CompanySettingsInput = {};
  if (defaultAgent !== (settings.defaultAgentId ?? '')) {
    changes.defaultAgentId = defaultAgent || null;
  }
  const domainList = domainsOf(domains);
  if (domainList.join('\n') !== settings.allowedSignInDomains.join('\n')) {
    changes.allowedSignInDomains = domainList;
  }
  const changed = Object.keys(changes).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(changes, {
      onSuccess: (saved) => setDomains(saved.allowedSignInDomains.join('\n')),
    });
  };
  const edit = () => update.reset();

  return (
    <Section title="New users">
      {update.isSuccess && <Notice kind="success">Saved.</Notice>}
      <ErrorNotice
        error={update.error}
        byStatus={{ 404: 'That agent no longer exists. Reload the page and pick another one.' }}
      />
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor={agentId}>Default agent for new users</label>
          <select
            id={agentId}
            aria-describedby={`${agentId}-hint`}
            value={defaultAgent}
            onChange={(event) => {
              setDefaultAgent(event.target.value);
              edit();
            }}
          >
            <option value="">None</option>
            {agents.data?.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name} ({agent.model})
              </option>
            ))}
            {defaultAgent && !agents.data?.some((agent) => agent.id === defaultAgent) && (
              <option value={defaultAgent}>
                {agents.isPending ? 'Loading the agents…' : `Unknown agent ${defaultAgent}`}
              </option>
            )}
          </select>
          <div className="field-hint" id={`${agentId}-hint`}>
            {agents.isError
              ? 'The list of agents could not be loaded; reload the page to pick one.'
              : 'Every new account gets this agent, assigned and as its default.'}
          </div>
        </div>
        <div className="field">
          <label htmlFor={domainsId}>Allowed sign-in domains</label>
          <textarea
            id={domainsId}
            aria-describedby={`${domainsId}-hint`}
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            placeholder="example.com"
            value={domains}
            onChange={(event) => {
              setDomains(event.target.value);
              edit();
            }}
          />
          <div className="field-hint" id={`${domainsId}-hint`}>
            One email domain per line, such as example.com. Only people with an address there may
            sign in with single sign-on or be invited. Empty allows any domain.
          </div>
        </div>
        <SubmitActions
          label="Save new-user settings"
          pendingLabel="Saving…"
          pending={update.isPending}
          disabled={!changed}
        />
      </form>
    </Section>
  );
}
