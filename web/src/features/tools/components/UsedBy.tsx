import { Link } from 'react-router';

/** The agents that may call a tool, each a link to its Tools tab; "No agent" when none. */
export function UsedBy({ agents }: { agents: readonly { id: string; name: string }[] }) {
  if (agents.length === 0) {
    return <span className="muted">No agent</span>;
  }
  return (
    <ul className="used-by">
      {agents.map((agent) => (
        <li key={agent.id}>
          <Link to={`/admin/agents/${agent.id}?tab=tools`}>{agent.name}</Link>
        </li>
      ))}
    </ul>
  );
}
