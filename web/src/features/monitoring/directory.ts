import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap, useSession } from '../../lib/api.ts';
import { useAgentName } from '../../lib/agent-names.ts';

// Names for the ids the Monitoring API answers with. An issue names its subject, assignee and
// history actors itself; agents are named by ListAgentNames, and only a company administrator
// may list users, which names the rest (the people an issue was assigned to in its history) and
// who may be assigned.

const ISSUE_ROLES: readonly string[] = ['Monitor', 'CompanyAdmin'];
const DIRECTORY_STALE_MS = 5 * 60_000;

const peopleQuery = queryOptions({
  queryKey: ['monitoring', 'directory', 'people'] as const,
  queryFn: async () =>
    unwrap(await api.GET('/api/Users/ListUsers', { params: { query: { results: 1000 } } })),
  staleTime: DIRECTORY_STALE_MS,
});

export interface Person {
  id: string;
  name: string;
}

export interface Directory {
  meId: string;
  /** "You", a person's name (`known`, else from the directory), or "user <id>". */
  person: (userId: string, known?: string | null) => string;
  /** An issue's subject in words: "Ada Lovelace", "agent Helpdesk", "everyone". */
  subject: (subject: string, known?: string | null) => string;
  /** Who else an issue may be assigned to (monitors and administrators), when known. */
  assignable: readonly Person[];
}

export function useDirectory(): Directory {
  const { user } = useSession();
  const isAdmin = user.roles.includes('CompanyAdmin');
  const people = useQuery({ ...peopleQuery, enabled: isAdmin });
  const agentName = useAgentName();
  const personName = (userId: string) => {
    const found = people.data?.find((candidate) => candidate.id === userId);
    return found ? found.name || found.email : undefined;
  };
  const person = (userId: string, known?: string | null) =>
    userId === user.id ? 'You' : (known ?? personName(userId) ?? `user ${userId}`);
  return {
    meId: user.id,
    person,
    subject: (subject, known) => {
      const [kind, id = ''] = subject.split(/:(.*)/s);
      if (kind === 'user') {
        return userIdLabel(id, user.id, known ?? personName(id));
      }
      if (kind === 'agent') {
        return `agent ${known ?? agentName(id)}`;
      }
      return subject === 'company' ? 'everyone' : subject;
    },
    assignable: (people.data ?? [])
      .filter(
        (candidate) =>
          candidate.id !== user.id &&
          !candidate.disabled &&
          candidate.roles.some((role) => ISSUE_ROLES.includes(role)),
      )
      .map((candidate) => ({ id: candidate.id, name: candidate.name || candidate.email })),
  };
}

function userIdLabel(id: string, meId: string, name: string | undefined): string {
  if (id === meId) {
    return 'you';
  }
  return name ?? `user ${id}`;
}
