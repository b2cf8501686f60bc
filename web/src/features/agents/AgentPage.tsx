import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { agentsQuery, useDeleteAgent, type Agent } from './api.ts';
import { engineLabel } from './engines.ts';
import { Tabs } from './components/Tabs.tsx';
import { GeneralTab } from './components/GeneralTab.tsx';
import { EngineTab } from './components/EngineTab.tsx';
import { UsageTab } from './components/UsageTab.tsx';
import { ScannersTab } from './components/ScannersTab.tsx';
import { ApiKeyTab } from './components/ApiKeyTab.tsx';
import { FilesTab } from './components/FilesTab.tsx';
import { AssignmentsTab } from './components/AssignmentsTab.tsx';
import { ToolsTab } from './components/ToolsTab.tsx';
import './agents.css';

const TABS = [
  { id: 'general', label: 'General', Panel: GeneralTab },
  { id: 'engine', label: 'Engine', Panel: EngineTab },
  { id: 'usage', label: 'Usage', Panel: UsageTab },
  { id: 'scanners', label: 'Scanners', Panel: ScannersTab },
  { id: 'api-key', label: 'API key', Panel: ApiKeyTab },
  { id: 'files', label: 'Files', Panel: FilesTab },
  { id: 'tools', label: 'Tools', Panel: ToolsTab },
  { id: 'assignments', label: 'Assignments', Panel: AssignmentsTab },
] as const;

/** /admin/agents/:agentId: one agent's settings, a tab for each part (?tab= keeps the open one). */
export function AgentPage() {
  const { agentId = '' } = useParams();
  const agents = useQuery(agentsQuery);
  const agent = agents.data?.find((candidate) => candidate.id === agentId);
  useDocumentTitle(agent ? `${agent.name} · AI agents` : 'AI agent');
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/admin/agents">AI agents</Link>
      </p>
      {agents.isPending && <Spinner label="Loading the agent…" />}
      <ErrorNotice error={agents.error} />
      {agents.data && !agent && (
        <>
          <h1>Agent not found</h1>
          <Notice kind="info">
            There is no agent with this id: it may have been deleted.{' '}
            <Link to="/admin/agents">See every agent</Link>.
          </Notice>
        </>
      )}
      {agent && <AgentSettings agent={agent} />}
    </div>
  );
}

function AgentSettings({ agent }: { agent: Agent }) {
  const [params, setParams] = useSearchParams();
  const selected = TABS.find((tab) => tab.id === params.get('tab')) ?? TABS[0];
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteAgent();
  const navigate = useNavigate();
  const { Panel } = selected;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{agent.name}</h1>
          <p className="muted agent-subtitle">
            {engineLabel(agent.engine)} · <code>{agent.model}</code>
          </p>
        </div>
        <button type="button" className="button-secondary" onClick={() => setDeleting(true)}>
          Delete agent
        </button>
      </div>
      <Tabs
        label="Agent settings"
        tabs={TABS}
        selected={selected.id}
        onSelect={(id) => setParams({ tab: id }, { replace: true })}
      >
        <Panel key={`${agent.id}-${selected.id}`} agent={agent} />
      </Tabs>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${agent.name}?`}
          confirmLabel="Delete agent"
          workingLabel="Deleting…"
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await remove.mutateAsync(agent.id);
            await navigate('/admin/agents', { replace: true });
            await remove.forget(agent.id);
          }}
        >
          People lose access to it at once. Its conversations stay, without an agent.
        </ConfirmDialog>
      )}
    </>
  );
}
