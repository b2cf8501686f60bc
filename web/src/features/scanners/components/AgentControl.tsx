import { useQuery } from '@tanstack/react-query';
import { allAgentsQuery } from '../api.ts';
import { SelectControl, type ControlProps } from './controls.tsx';

/** The agents by id, for names in notes ("Default: Policy judge"). */
export function useAgentNames(): (id: string) => string {
  const { data } = useQuery(allAgentsQuery);
  return (id) => data?.find((agent) => agent.id === id)?.name ?? id;
}

/** An AI scanner's scanner agent: one of every agent, or none. */
export function AgentControl(props: ControlProps<string>) {
  const { data: agents, isPending, isError } = useQuery(allAgentsQuery);
  const options: [string, string][] = [
    ['', 'None: scans fail until one is picked'],
    ...(agents ?? []).map((agent): [string, string] => [
      agent.id,
      `${agent.name} (${agent.model})`,
    ]),
  ];
  if (props.value !== '' && !options.some(([id]) => id === props.value)) {
    options.push([props.value, isPending ? 'Loading the agents…' : `Unknown agent ${props.value}`]);
  }
  const hint = isError
    ? 'The list of agents could not be loaded; reload the page to pick one.'
    : props.hint;
  return <SelectControl {...props} hint={hint} options={options} />;
}
