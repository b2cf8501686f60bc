import { Option, type Command } from 'commander';
import type { Store } from '../../store/store.ts';
import { publicUser } from '../../users/public-user.ts';
import {
  createUser,
  deleteUser,
  listUsers,
  updateUser,
  type UpdateUserInput,
  type UserView,
} from '../../users/users.ts';
import { table, withContext } from '../context.ts';
import { collect, wholeNumber } from '../parse-options.ts';
import { registerUserGroupCommands } from './user-groups.ts';
import { registerImportUsersCommand } from './import-users.ts';
import { registerUserInvitationCommands } from './user-invitations.ts';

const ROLES_HELP = 'CompanyAdmin, User, Monitor or Compliance (repeat for more)';

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('manage the users tokens can act for');

  users
    .command('create')
    .description('create a user')
    .requiredOption('--email <email>', 'unique email address')
    .requiredOption('--name <name>', 'display name')
    .option('--id <id>', 'user id (default: a new GUID), e.g. user_42')
    .option('--role <role>', `${ROLES_HELP}; default User`, collect)
    .action(
      (options: { email: string; name: string; id?: string; role?: string[] }, command: Command) =>
        withContext(command, async (context) => {
          const user = await createUser(context, {
            email: options.email,
            name: options.name,
            id: options.id,
            roles: options.role,
          });
          context.print(
            publicUser(user),
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
        const { users: page } = await listUsers(context, options);
        const names = await groupNames(context.store, page);
        context.print(
          page.map(publicUser),
          table(
            ['ID', 'EMAIL', 'NAME', 'ROLES', 'GROUPS', 'DISABLED'],
            page.map((u) => [
              u.id,
              u.email,
              u.name,
              u.roles.join(','),
              u.groups.map((id) => names.get(id) ?? id).join(','),
              u.disabledAt === null ? 'no' : 'yes',
            ]),
          ),
        );
      }),
    );

  users
    .command('update <user_id>')
    .description("change a user's email, name, roles or disabled state")
    .option('--email <email>', 'new unique email address')
    .option('--name <name>', 'new display name')
    .option('--role <role>', `replaces the roles: ${ROLES_HELP}`, collect)
    .addOption(
      new Option('--disable', 'disable the user: its tokens fail at once').conflicts('enable'),
    )
    .option('--enable', 'enable a disabled user')
    .action(
      (
        userId: string,
        options: { email?: string; name?: string; role?: string[]; disable?: true; enable?: true },
        command: Command,
      ) => {
        const changes: UpdateUserInput = {
          email: options.email,
          name: options.name,
          roles: options.role,
          disabled: options.disable ?? (options.enable ? false : undefined),
        };
        if (Object.values(changes).every((value) => value === undefined)) {
          command.error(
            'error: nothing to change: give --email, --name, --role, --disable or --enable',
          );
        }
        return withContext(command, async (context) => {
          const user = await updateUser(context, userId, changes);
          context.print(
            publicUser(user),
            `Updated user ${user.id} (${user.email}, ${user.name}): roles ${user.roles.join(', ')}` +
              `, ${user.disabledAt === null ? 'enabled' : 'disabled'}.`,
          );
        });
      },
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

  registerUserGroupCommands(users);
  registerUserInvitationCommands(users, ROLES_HELP);
  registerImportUsersCommand(users);
}

/** Names of the groups the users belong to, by id, for the human table. */
async function groupNames(store: Store, users: UserView[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(users.flatMap((user) => user.groups))) {
    const group = await store.groups.findById(id);
    names.set(id, group?.name ?? id);
  }
  return names;
}
