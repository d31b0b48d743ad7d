import type { AssigneeDirectory } from '../../helpdesk/index.js';
import type { Store } from '../../store/index.js';

/** The helpdesk's assignees: the users and groups of the admin UI, read from their tables (this module's). */
export function createAssigneeDirectory(store: Pick<Store, 'db'>): AssigneeDirectory {
  const { db } = store;
  return {
    async describe(assignee) {
      if ('userId' in assignee) {
        const user = await db
          .selectFrom('users')
          .select(['username', 'display_name', 'disabled'])
          .where('id', '=', assignee.userId)
          .executeTakeFirst();
        return !user || user.disabled ? null : (user.display_name ?? user.username);
      }
      const group = await db
        .selectFrom('user_groups')
        .select('name')
        .where('id', '=', assignee.groupId)
        .executeTakeFirst();
      return group?.name ?? null;
    },

    async namesOf(ids) {
      const [users, groups] = await Promise.all([
        ids.userIds.length === 0
          ? []
          : db
              .selectFrom('users')
              .select(['id', 'username', 'display_name'])
              .where('id', 'in', [...ids.userIds])
              .execute(),
        ids.groupIds.length === 0
          ? []
          : db
              .selectFrom('user_groups')
              .select(['id', 'name'])
              .where('id', 'in', [...ids.groupIds])
              .execute(),
      ]);
      return {
        users: new Map(users.map((u) => [u.id, u.display_name ?? u.username])),
        groups: new Map(groups.map((g) => [g.id, g.name])),
      };
    },
  };
}
