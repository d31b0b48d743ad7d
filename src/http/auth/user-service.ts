import { randomUUID } from 'node:crypto';
import { LastAdminKept, PasswordMismatch, UserExists, UserNotFound } from '../../errors/index.js';
import { isoNow, type Clock } from '../../shared/index.js';
import type { AccessRole, Store, UsersTable } from '../../store/index.js';
import {
  checkPassword,
  checkRole,
  checkUsername,
  createProblems,
  normaliseUsername,
} from './auth-validation.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password-hash.js';

/** A user as the API, CLI and UI show it: never the password hash. */
export interface UserView {
  id: string;
  username: string;
  displayName: string | null;
  role: AccessRole;
  disabled: boolean;
  groups: string[];
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** What an admin sets when adding a user. */
interface NewUserInput {
  username: string;
  password: string;
  role: AccessRole;
  displayName?: string | null;
}

/** What an admin may change on a user. */
export interface UserChanges {
  role?: AccessRole;
  displayName?: string | null;
  disabled?: boolean;
}

/** Local users: add, change, remove, passwords, and the password check of sign-in. */
export function createUserService(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const db = store.db;

  const groupsOf = async (userIds: string[]) => {
    if (userIds.length === 0) return new Map<string, string[]>();
    const rows = await db
      .selectFrom('user_group_members as m')
      .innerJoin('user_groups as g', 'g.id', 'm.group_id')
      .select(['m.user_id', 'g.name'])
      .where('m.user_id', 'in', userIds)
      .orderBy('g.name')
      .execute();
    const byUser = new Map<string, string[]>();
    for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.name]);
    return byUser;
  };

  const toView = (row: UsersTable, groups: string[]): UserView => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    groups,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  const findRow = (username: string) =>
    db.selectFrom('users').selectAll().where('username', '=', normaliseUsername(username)).executeTakeFirst();

  const requireRow = async (username: string) => {
    const row = await findRow(username);
    if (!row) throw UserNotFound.create({ username: normaliseUsername(username) });
    return row;
  };

  /** Refuses a change that would leave no enabled admin (nobody could manage access any more). */
  const keepAnAdmin = async (row: UsersTable, after: { role: AccessRole; disabled: boolean } | null) => {
    if (row.role !== 'admin' || row.disabled === 1) return;
    if (after && after.role === 'admin' && !after.disabled) return;
    const others = await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .where('id', '!=', row.id)
      .executeTakeFirst();
    if (!others) throw LastAdminKept.create();
  };

  const service = {
    async list(): Promise<UserView[]> {
      const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
      const groups = await groupsOf(rows.map((r) => r.id));
      return rows.map((row) => toView(row, groups.get(row.id) ?? []));
    },

    async get(username: string): Promise<UserView> {
      const row = await requireRow(username);
      return toView(row, (await groupsOf([row.id])).get(row.id) ?? []);
    },

    async getById(id: string): Promise<UserView | null> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toView(row, (await groupsOf([row.id])).get(row.id) ?? []) : null;
    },

    async add(input: NewUserInput): Promise<UserView> {
      const username = normaliseUsername(String(input.username ?? ''));
      const problems = createProblems();
      checkUsername(username, problems);
      checkPassword(input.password, problems);
      checkRole(input.role, problems);
      if (input.displayName && input.displayName.length > 200)
        problems.add('displayName: use at most 200 characters');
      problems.throwIfAny();
      if (await findRow(username)) throw UserExists.create({ username });
      const now = isoNow(clock);
      const row: UsersTable = {
        id: randomUUID(),
        username,
        display_name: input.displayName?.trim() || null,
        password_hash: await hashPassword(input.password),
        role: input.role,
        disabled: 0,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      };
      try {
        await db.insertInto('users').values(row).execute();
      } catch (error) {
        // Two concurrent adds of one name: the unique index decides.
        if (await findRow(username)) throw UserExists.create({ username });
        throw error;
      }
      return toView(row, []);
    },

    async update(username: string, changes: UserChanges): Promise<UserView> {
      const row = await requireRow(username);
      const problems = createProblems();
      if (changes.role !== undefined) checkRole(changes.role, problems);
      if (changes.displayName && changes.displayName.length > 200)
        problems.add('displayName: use at most 200 characters');
      problems.throwIfAny();
      const role = changes.role ?? row.role;
      const disabled = changes.disabled ?? row.disabled === 1;
      await keepAnAdmin(row, { role, disabled });
      await store.transaction(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            role,
            disabled: disabled ? 1 : 0,
            ...(changes.displayName !== undefined
              ? { display_name: changes.displayName?.trim() || null }
              : {}),
            updated_at: isoNow(clock),
          })
          .where('id', '=', row.id)
          .execute();
        // A disabled user is signed out everywhere at once.
        if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
      });
      return service.get(username);
    },

    /** Sets a user's password and signs the user out everywhere (an admin reset or `users passwd`). */
    async setPassword(username: string, password: string): Promise<void> {
      const row = await requireRow(username);
      const problems = createProblems();
      checkPassword(password, problems);
      problems.throwIfAny();
      const hash = await hashPassword(password);
      const now = isoNow(clock);
      await store.transaction(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: hash, password_changed_at: now, updated_at: now })
          .where('id', '=', row.id)
          .execute();
        await trx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
      });
    },

    /** Changes one's own password after checking the current one; other sessions of the user end. */
    async changeOwnPassword(
      userId: string,
      current: string,
      next: string,
      keepSessionHash: string | null,
    ): Promise<void> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      if (!row) throw UserNotFound.create({ username: userId });
      const problems = createProblems();
      checkPassword(next, problems, 'newPassword');
      problems.throwIfAny();
      if (!(await verifyPassword(String(current ?? ''), row.password_hash))) throw PasswordMismatch.create();
      const hash = await hashPassword(next);
      const now = isoNow(clock);
      await store.transaction(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: hash, password_changed_at: now, updated_at: now })
          .where('id', '=', row.id)
          .execute();
        let others = trx.deleteFrom('sessions').where('user_id', '=', row.id);
        if (keepSessionHash) others = others.where('id_hash', '!=', keepSessionHash);
        await others.execute();
      });
    },

    async remove(username: string): Promise<void> {
      const row = await requireRow(username);
      await keepAnAdmin(row, null);
      await db.deleteFrom('users').where('id', '=', row.id).execute();
    },

    /** The enabled user with this name and password, or null; unknown names cost the same time as known ones. */
    async verifyLogin(username: string, password: string): Promise<UserView | null> {
      const row = await findRow(String(username ?? ''));
      const ok = await verifyPassword(String(password ?? ''), row?.password_hash ?? decoyPasswordHash);
      if (!row || !ok || row.disabled === 1) return null;
      return toView(row, (await groupsOf([row.id])).get(row.id) ?? []);
    },
  };
  return service;
}
