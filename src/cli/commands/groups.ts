import type { Command } from 'commander';
import { createGroup, deleteGroup, getGroup, listGroups } from '../../groups/groups.ts';
import { table, withContext } from '../context.ts';
import { resolveGroup } from '../group-ref.ts';
import { wholeNumber } from '../parse-options.ts';

export function registerGroupCommands(program: Command): void {
  const groups = program
    .command('groups')
    .description('manage groups of users; a group is named by its id or its name');

  groups
    .command('create')
    .description('create a group; names are unique in any case')
    .requiredOption('--name <name>', 'the group name')
    .option('--description <text>', 'what the group is for')
    .action((options: { name: string; description?: string }, command: Command) =>
      withContext(command, async (context) => {
        const { id, name, description } = await createGroup(context, options);
        context.print({ id, name, description }, `Created group ${name} (${id}).`);
      }),
    );

  groups
    .command('list')
    .description('list groups by name, with their member counts')
    .option('--search <text>', 'part of the name')
    .option('--results <n>', 'how many (default 20, at most 1000)', wholeNumber)
    .option('--skip <n>', 'how many to skip', wholeNumber)
    .action((options: { search?: string; results?: number; skip?: number }, command: Command) =>
      withContext(command, async (context) => {
        const page = (await listGroups(context, options)).map(
          ({ id, name, description, memberCount }) => ({ id, name, description, memberCount }),
        );
        context.print(
          page,
          table(
            ['ID', 'NAME', 'MEMBERS', 'DESCRIPTION'],
            page.map((g) => [g.id, g.name, String(g.memberCount), g.description]),
          ),
        );
      }),
    );

  groups
    .command('show <group>')
    .description('show a group, by id or name, with its members')
    .action((groupRef: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const { id } = await resolveGroup(context.store, groupRef);
        const group = await getGroup(context, id);
        const members = group.members.map((user) => ({
          id: user.id,
          email: user.email,
          name: user.name,
        }));
        context.print(
          { id: group.id, name: group.name, description: group.description, members },
          [
            `id:          ${group.id}`,
            `name:        ${group.name}`,
            `description: ${group.description}`,
            '',
            table(
              ['MEMBER_ID', 'EMAIL', 'NAME'],
              members.map((m) => [m.id, m.email, m.name]),
            ),
          ].join('\n'),
        );
      }),
    );

  groups
    .command('delete <group>')
    .description('delete a group, by id or name; its users stay')
    .action((groupRef: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const group = await resolveGroup(context.store, groupRef);
        await deleteGroup(context, group.id);
        context.print(
          { id: group.id, name: group.name, deleted: true },
          `Group ${group.name} deleted.`,
        );
      }),
    );
}
