import { useQuery } from '@tanstack/react-query';
import { agentNamesQuery } from '../lib/agent-names.ts';
import { SelectField } from './SelectField.tsx';

/**
 * One agent picked by name, or every agent (''). An id no longer listed (a deleted agent's, in
 * a saved rule or search) stays chosen, named by its id.
 */
export function AgentSelect({
  value,
  onChange,
  hint,
}: {
  value: string;
  onChange: (agentId: string) => void;
  hint: string;
}) {
  const names = useQuery(agentNamesQuery);
  const options: [string, string][] = [
    ['', 'Every agent'],
    ...(names.data ?? []).map((agent): [string, string] => [agent.id, agent.name]),
  ];
  if (value !== '' && !options.some(([id]) => id === value)) {
    options.push([value, names.isPending ? value : `Deleted agent ${value}`]);
  }
  return (
    <SelectField
      label="Agent"
      value={value}
      options={options}
      onChange={onChange}
      hint={names.isError ? `${hint} The agents could not be loaded: reload the page.` : hint}
    />
  );
}
