import type { Command } from 'commander';
import type { UserRecord } from '../../store/store.ts';
import { createUser, deleteUser, listUsers } from '../../users/users.ts';
import { table, withContext } from '../context.ts';

const collect = (value: string, previous: string[]) => [...previous, value];
const wholeNumber = (value: string) => (/^\d+$/.test(value) ? Number(value) : Number.NaN);

const describe = (user: UserRecord) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  roles: user.roles,
});

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('manage the users tokens can act for');

  users
    .command('create')
    .description('create a user')
    .requiredOption('--email <email>', 'unique email address')
    .requiredOption('--name <name>', 'display name')
    .option('--id <id>', 'user id (default: a new GUID), e.g. user_42')
    .option(
      '--role <role>',
      'CompanyAdmin, User, Monitor or Compliance (repeat for more; default User)',
      collect,
      [],
    )
    .action(
      (options: { email: string; name: string; id?: string; role: string[] }, command: Command) =>
        withContext(command, async (context) => {
          const user = await createUser(context, {
            email: options.email,
            name: options.name,
            id: options.id,
            roles: options.role.length > 0 ? options.role : undefined,
          });
          context.print(
            describe(user),
            `Created user ${user.id} (${user.email}) with roles ${user.roles.join(', ')}.`,
          );
        }),
    );

  users
    .command('list')
    .description('list users, ordered by email')
    .option('--search <text>', 'part of the name or email')
    .option('--results <n>', 'how many (default 20, at most 1000)', wholeNumber)
    .option('--skip <n>', 'how many to skip', wholeNumber)
    .action((options: { search?: string; results?: number; skip?: number }, command: Command) =>
      withContext(command, async (context) => {
        const page = (await listUsers(context, options)).users.map(describe);
        context.print(
          page,
          table(
            ['ID', 'EMAIL', 'NAME', 'ROLES'],
            page.map((u) => [u.id, u.email, u.name, u.roles.join(',')]),
          ),
        );
      }),
    );

  users
    .command('delete <user_id>')
    .description('delete a user; its tokens stop working at once')
    .action((userId: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        await deleteUser(context, userId);
        context.print({ id: userId, deleted: true }, `User ${userId} deleted.`);
      }),
    );
}
