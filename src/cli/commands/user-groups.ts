import type { Command } from 'commander';
import { addUserToGroup, removeUserFromGroup } from '../../groups/groups.ts';
import { withContext } from '../context.ts';
import { resolveGroup } from '../group-ref.ts';

/** `users add-to-group` and `users remove-from-group`, as AddUserToGroup/RemoveUserFromGroup. */
export function registerUserGroupCommands(users: Command): void {
  users
    .command('add-to-group <user_id> <group>')
    .description('add a user to a group, given by id or name (no change if already a member)')
    .action((userId: string, groupRef: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const group = await resolveGroup(context.store, groupRef);
        const added = await addUserToGroup(context, userId, group.id);
        context.print(
          { userid: userId, groupid: group.id, group: group.name, added },
          added
            ? `Added user ${userId} to group ${group.name}.`
            : `User ${userId} already is in group ${group.name}.`,
        );
      }),
    );

  users
    .command('remove-from-group <user_id> <group>')
    .description('remove a user from a group, given by id or name')
    .action((userId: string, groupRef: string, _options: unknown, command: Command) =>
      withContext(command, async (context) => {
        const group = await resolveGroup(context.store, groupRef);
        await removeUserFromGroup(context, userId, group.id);
        context.print(
          { userid: userId, groupid: group.id, group: group.name, removed: true },
          `Removed user ${userId} from group ${group.name}.`,
        );
      }),
    );
}
