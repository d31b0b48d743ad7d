import { randomUUID } from 'node:crypto';
import { GroupExists, GroupNotFound, UserNotFound } from '../../errors/index.js';
import { isoNow, type Clock } from '../../shared/index.js';
import type { Store } from '../../store/index.js';
import { checkGroupName, createProblems, normaliseUsername } from './auth-validation.js';

/** A group with its members' names. */
export interface GroupView {
  id: string;
  name: string;
  description: string | null;
  members: string[];
  createdAt: string;
}

const statusGroupsKey = 'status.groups';

/** Groups of users, their members, and the setting naming the groups that may see the status summary. */
export function createGroupService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const db = store.db;

  const requireGroup = async (name: string) => {
    const row = await db
      .selectFrom('user_groups')
      .selectAll()
      .where('name', '=', name.trim())
      .executeTakeFirst();
    if (!row) throw GroupNotFound.create({ name: name.trim() });
    return row;
  };
  const requireUserId = async (username: string) => {
    const name = normaliseUsername(username);
    const row = await db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirst();
    if (!row) throw UserNotFound.create({ username: name });
    return row.id;
  };

  const service = {
    async list(): Promise<GroupView[]> {
      const groups = await db.selectFrom('user_groups').selectAll().orderBy('name').execute();
      const members = await db
        .selectFrom('user_group_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.group_id', 'u.username'])
        .orderBy('u.username')
        .execute();
      return groups.map((g) => ({
        id: g.id,
        name: g.name,
        description: g.description,
        members: members.filter((m) => m.group_id === g.id).map((m) => m.username),
        createdAt: g.created_at,
      }));
    },

    async add(input: { name: string; description?: string | null }): Promise<GroupView> {
      const name = String(input.name ?? '').trim();
      const problems = createProblems();
      checkGroupName(name, problems);
      if (input.description && input.description.length > 500)
        problems.add('description: use at most 500 characters');
      problems.throwIfAny();
      const existing = await db
        .selectFrom('user_groups')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirst();
      if (existing) throw GroupExists.create({ name });
      const row = {
        id: randomUUID(),
        name,
        description: input.description?.trim() || null,
        created_at: isoNow(clock),
      };
      await db.insertInto('user_groups').values(row).execute();
      return { id: row.id, name, description: row.description, members: [], createdAt: row.created_at };
    },

    async remove(name: string): Promise<void> {
      const group = await requireGroup(name);
      await db.deleteFrom('user_groups').where('id', '=', group.id).execute();
      const allowed = await service.statusGroups();
      if (allowed.includes(group.name))
        await service.setStatusGroups(allowed.filter((n) => n !== group.name));
    },

    async addMember(groupName: string, username: string): Promise<void> {
      const group = await requireGroup(groupName);
      const userId = await requireUserId(username);
      const present = await db
        .selectFrom('user_group_members')
        .select('user_id')
        .where('group_id', '=', group.id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (present) return;
      await db
        .insertInto('user_group_members')
        .values({ group_id: group.id, user_id: userId, created_at: isoNow(clock) })
        .execute();
    },

    async removeMember(groupName: string, username: string): Promise<void> {
      const group = await requireGroup(groupName);
      const userId = await requireUserId(username);
      await db
        .deleteFrom('user_group_members')
        .where('group_id', '=', group.id)
        .where('user_id', '=', userId)
        .execute();
    },

    /** Names of the groups whose members may see the status summary (the seed's "Status Addon" setting). */
    async statusGroups(): Promise<string[]> {
      const row = await db
        .selectFrom('auth_settings')
        .select('value')
        .where('key', '=', statusGroupsKey)
        .executeTakeFirst();
      const names = row ? (JSON.parse(row.value) as unknown) : [];
      return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
    },

    /** Replaces the groups that may see the status summary; every name must be an existing group. */
    async setStatusGroups(names: string[]): Promise<string[]> {
      const unique = [...new Set(names.map((n) => String(n).trim()))].sort();
      const known = new Set((await db.selectFrom('user_groups').select('name').execute()).map((g) => g.name));
      const unknown = unique.filter((n) => !known.has(n));
      if (unknown.length) throw GroupNotFound.create({ name: unknown.join(', ') });
      const value = JSON.stringify(unique);
      const now = isoNow(clock);
      await store.transaction(async (trx) => {
        await trx.deleteFrom('auth_settings').where('key', '=', statusGroupsKey).execute();
        await trx
          .insertInto('auth_settings')
          .values({ key: statusGroupsKey, value, updated_at: now })
          .execute();
      });
      return unique;
    },
  };
  return service;
}
