import type { Kysely, Transaction } from 'kysely';
import { HelpdeskDefaultStatusKept, HelpdeskReferenceExists } from '../errors/index.js';
import { isoNow, type Clock } from '../shared/index.js';
import type { Database } from '../store/index.js';
import type { HelpdeskStatus, HelpdeskType } from './helpdesk-model.js';
import { createFieldProblems, keyText, requiredText } from './reference-data-input.js';
import { toStatus, toType } from './reference-repository.js';
import { createReferenceRows } from './reference-rows.js';

/** A new or changed ticket type; the key is what handlers look it up by (`findTypeByKey`). */
interface TypeInput {
  key?: string;
  name?: string;
}

/** A new or changed status; its key cannot change, because tickets refer to it. */
interface StatusInput {
  key?: string;
  label?: string;
  sortOrder?: number;
  isDefault?: boolean;
  isClosed?: boolean;
}

type Db = Kysely<Database>;

/** Ticket types and statuses as admins manage them: unique keys, archived instead of deleted, one default. */
export function createOptionService(deps: {
  db: Db;
  transaction: <T>(fn: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
  clock: Clock;
}) {
  const { db, clock } = deps;

  const types = createReferenceRows(db, clock, {
    table: 'helpdesk_types',
    idColumn: 'id',
    what: 'ticket type',
    touches: false,
    orderBy: 'name',
  });
  const statuses = createReferenceRows(db, clock, {
    table: 'helpdesk_statuses',
    idColumn: 'key',
    what: 'status',
    touches: false,
    orderBy: 'sort_order',
  });
  const assertTypeKeyFree = async (key: string) => {
    if (await db.selectFrom('helpdesk_types').select('id').where('key', '=', key).executeTakeFirst())
      throw HelpdeskReferenceExists.create({ what: 'ticket type', field: 'key', value: key });
  };

  const checkStatus = (input: StatusInput, current: HelpdeskStatus | null) => {
    const problems = createFieldProblems();
    const key = current ? current.key : keyText(problems, 'key', input.key);
    if (current && input.key !== undefined && input.key !== current.key)
      problems.add('key', 'a status key cannot change (tickets refer to it); archive it and add another');
    const label =
      input.label !== undefined || !current ? requiredText(problems, 'label', input.label, 100) : undefined;
    if (input.isDefault && current?.archivedAt) problems.add('isDefault', 'restore the status first');
    problems.throwIfAny();
    if (current?.isDefault && input.isDefault === false) throw HelpdeskDefaultStatusKept.create({ key });
    return { key, label };
  };

  // Exactly one status is the default: making one the default clears the others in the same transaction.
  const clearDefault = (trx: Transaction<Database>) =>
    trx.updateTable('helpdesk_statuses').set({ is_default: 0 }).where('is_default', '=', 1).execute();

  return {
    types: {
      list: async (options?: { archived?: boolean }) => (await types.list(options)).map(toType),
      async create(input: TypeInput): Promise<HelpdeskType> {
        const problems = createFieldProblems();
        const key = keyText(problems, 'key', input.key);
        const name = requiredText(problems, 'name', input.name, 100);
        problems.throwIfAny();
        await assertTypeKeyFree(key);
        return toType(await types.insert({ key, name }));
      },
      async update(id: string, input: TypeInput): Promise<HelpdeskType> {
        const current = await types.require(id);
        const problems = createFieldProblems();
        const columns: { key?: string; name?: string } = {};
        if (input.key !== undefined) columns.key = keyText(problems, 'key', input.key);
        if (input.name !== undefined) columns.name = requiredText(problems, 'name', input.name, 100);
        problems.throwIfAny();
        if (columns.key && columns.key !== current.key) await assertTypeKeyFree(columns.key);
        return toType(await types.update(id, columns));
      },
      setArchived: async (id: string, archived: boolean) => toType(await types.setArchived(id, archived)),
    },
    statuses: {
      list: async (options?: { archived?: boolean }) => (await statuses.list(options)).map(toStatus),
      async create(input: StatusInput): Promise<HelpdeskStatus> {
        const { key, label } = checkStatus(input, null);
        if (await db.selectFrom('helpdesk_statuses').select('key').where('key', '=', key).executeTakeFirst())
          throw HelpdeskReferenceExists.create({ what: 'status', field: 'key', value: key });
        const sortOrder = input.sortOrder ?? (await nextSortOrder(db));
        await deps.transaction(async (trx) => {
          if (input.isDefault) await clearDefault(trx);
          await trx
            .insertInto('helpdesk_statuses')
            .values({
              key,
              label: label ?? key,
              sort_order: sortOrder,
              is_default: input.isDefault ? 1 : 0,
              is_closed: input.isClosed ? 1 : 0,
              created_at: isoNow(clock),
            })
            .execute();
        });
        return toStatus(await statuses.require(key));
      },
      async update(key: string, input: StatusInput): Promise<HelpdeskStatus> {
        const current = toStatus(await statuses.require(key));
        const { label } = checkStatus(input, current);
        await deps.transaction(async (trx) => {
          if (input.isDefault && !current.isDefault) await clearDefault(trx);
          await trx
            .updateTable('helpdesk_statuses')
            .set({
              ...(label !== undefined && { label }),
              ...(input.sortOrder !== undefined && { sort_order: input.sortOrder }),
              ...(input.isDefault !== undefined && { is_default: input.isDefault ? 1 : 0 }),
              ...(input.isClosed !== undefined && { is_closed: input.isClosed ? 1 : 0 }),
            })
            .where('key', '=', key)
            .execute();
        });
        return toStatus(await statuses.require(key));
      },
      async setArchived(key: string, archived: boolean): Promise<HelpdeskStatus> {
        const current = await statuses.require(key);
        if (archived && current.is_default === 1) throw HelpdeskDefaultStatusKept.create({ key });
        return toStatus(await statuses.setArchived(key, archived));
      },
    },
  };
}

async function nextSortOrder(db: Db): Promise<number> {
  const row = await db
    .selectFrom('helpdesk_statuses')
    .select((eb) => eb.fn.max('sort_order').as('highest'))
    .executeTakeFirst();
  return Number(row?.highest ?? 0) + 10;
}
