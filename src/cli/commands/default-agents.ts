import type { Command } from 'commander';
import {
  addDefaultAgent,
  listDefaultAgents,
  removeDefaultAgent,
} from '../../chat/default-agents.ts';
import { table, withContext, type CliContext } from '../context.ts';
import { resolveGroup } from '../group-ref.ts';
import { resolveAgent } from '../agent-ref.ts';

interface ScopeOptions {
  group?: string;
}

export function registerDefaultAgentCommands(program: Command): void {
  const defaults = program
    .command('default-agents')
    .description('agents given to every new user, or to every user who joins a group');

  defaults
    .command('list')
    .description('list the default agents: for every new user, then per group')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const all = await listDefaultAgents(context);
        context.print(
          all,
          table(
            ['AGENT', 'AGENT ID', 'GIVEN TO'],
            all.map((d) => [d.agentName, d.agentId, d.groupName ?? 'every new user']),
          ),
        );
      }),
    );

  defaults
    .command('add <agent>')
    .description('give an agent (by id or name) to every new user, or with --group to joiners')
    .option('--group <group>', 'the group, by id or name')
    .option('--existing', 'also give it now to every existing user (or member of the group)')
    .action((agentRef: string, options: ScopeOptions & { existing?: boolean }, command: Command) =>
      withContext(command, async (context) => {
        const { input, agentName, scope } = await scopeOf(context, agentRef, options);
        const result = await addDefaultAgent(context, {
          ...input,
          giveToExisting: options.existing,
        });
        const now = options.existing ? ` Given now to ${result.usersGiven} user(s).` : '';
        context.print(
          { ...input, ...result },
          `${result.added ? 'Agent' : 'Already: agent'} ${agentName} is given to ${scope}.${now}`,
        );
      }),
    );

  defaults
    .command('remove <agent>')
    .description('stop giving an agent (by id or name); users who have it keep it')
    .option('--group <group>', 'the group, by id or name')
    .action((agentRef: string, options: ScopeOptions, command: Command) =>
      withContext(command, async (context) => {
        const { input, agentName, scope } = await scopeOf(context, agentRef, options);
        await removeDefaultAgent(context, input);
        context.print(
          { ...input, removed: true },
          `Agent ${agentName} is no longer given to ${scope}; users who have it keep it.`,
        );
      }),
    );
}

async function scopeOf(context: CliContext, agentRef: string, { group }: ScopeOptions) {
  const agent = await resolveAgent(context, agentRef);
  const found = group === undefined ? null : await resolveGroup(context.store, group);
  return {
    input: { agentId: agent.id, groupId: found?.id ?? null },
    agentName: agent.name,
    scope: found ? `users who join ${found.name}` : 'every new user',
  };
}
