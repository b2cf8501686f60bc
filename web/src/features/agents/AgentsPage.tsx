import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { agentsQuery, type Agent } from './api.ts';
import { engineLabel } from './engines.ts';
import './agents.css';

/** /admin/agents: every agent, what it runs on and who may use it. */
export function AgentsPage() {
  useDocumentTitle('AI agents');
  const agents = useQuery(agentsQuery);
  return (
    <div className="page">
      <div className="page-header">
        <h1>AI agents</h1>
        <Link to="/admin/agents/new" className="button">
          New agent
        </Link>
      </div>
      <p className="lead">
        An agent is a model people chat with: its engine, instructions, scanners, files and who may
        use it.
      </p>
      {agents.isPending && <Spinner label="Loading the agents…" />}
      <ErrorNotice error={agents.error} />
      {agents.data?.length === 0 && (
        <div className="card">
          <p>
            There is no agent yet. Create one from a template (the demo template needs no AI
            provider) and assign it to people so they can chat.
          </p>
          <Link to="/admin/agents/new" className="button">
            Create the first agent
          </Link>
        </div>
      )}
      {agents.data && agents.data.length > 0 && <AgentsTable agents={agents.data} />}
    </div>
  );
}

function AgentsTable({ agents }: { agents: Agent[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">AI agents</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Engine</th>
            <th scope="col">Model</th>
            <th scope="col" className="numeric">
              Users
            </th>
            <th scope="col" className="numeric">
              Groups
            </th>
            <th scope="col">API key</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.id}>
              <th scope="row">
                <Link to={`/admin/agents/${agent.id}`}>{agent.name}</Link>
              </th>
              <td>{engineLabel(agent.engine)}</td>
              <td>
                <code>{agent.model}</code>
              </td>
              <td className="numeric">{agent.userIds.length}</td>
              <td className="numeric">{agent.groupIds.length}</td>
              <td>{keyText(agent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function keyText(agent: Agent): string {
  if (agent.hasApiKey) {
    return `Yes (…${agent.apiKeyLast4 ?? ''})`;
  }
  if (agent.useUserKey) {
    return "No: each user's own";
  }
  return 'No';
}
