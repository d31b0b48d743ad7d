import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { NotFound } from '../errors/index.js';
import { isoNow, type Clock } from '../shared/index.js';
import type { Database } from '../store/index.js';

/** The tables of reference data: each has `archived_at` and `created_at`, and a key column (`id` or `key`). */
type ArchivableTable = 'persons' | 'companies' | 'helpdesk_types' | 'helpdesk_statuses';

/** How lists are read: archived rows only when asked for; a case-insensitive search on name and e-mail. */
export interface ReferenceListOptions {
  archived?: boolean;
  search?: string;
}

const listLimit = 500;

/** Where a table's rows are found and what they are called in errors. */
interface RowsSpec<T extends ArchivableTable> {
  table: T;
  idColumn: 'id' | 'key';
  what: string;
  /** Tables with `updated_at` (persons, companies) get it set on every change. */
  touches: boolean;
  orderBy: 'name' | 'sort_order';
}

/**
 * The reads and writes every kind of reference data shares: find by id (404 when missing), list in use or all,
 * insert, change and archive or restore.
 */
export function createReferenceRows<T extends ArchivableTable>(
  db: Kysely<Database>,
  clock: Clock,
  spec: RowsSpec<T>,
) {
  type Row = Selectable<Database[T]>;
  // One cast for the four tables: the columns used here (key column, archived_at, timestamps) are in each.
  const table = spec.table as 'persons';
  const id = spec.idColumn as 'id';
  const touched = (at: string) => (spec.touches ? { updated_at: at } : {});

  const rows = {
    async require(value: string): Promise<Row> {
      const row = await db.selectFrom(table).selectAll().where(id, '=', value).executeTakeFirst();
      if (!row) throw NotFound.create({ what: spec.what, id: value });
      return row as unknown as Row;
    },
    async list(options: ReferenceListOptions = {}): Promise<Row[]> {
      let query = db.selectFrom(table).selectAll();
      if (!options.archived) query = query.where('archived_at', 'is', null);
      const text = options.search?.trim().toLowerCase();
      if (text) {
        const like = `%${text}%`;
        query = query.where(
          sql<boolean>`(lower(name) like ${like} or lower(coalesce(email, '')) like ${like})`,
        );
      }
      const sorted = query.orderBy(spec.orderBy as 'name').orderBy(id);
      return (await sorted.limit(listLimit).execute()) as unknown as Row[];
    },
    /** Inserts a row; `id` (unless the table is keyed by `key`), `archived_at` and the timestamps are added. */
    async insert(
      values: Omit<Insertable<Database[T]>, 'id' | 'archived_at' | 'created_at' | 'updated_at'>,
    ): Promise<Row> {
      const at = isoNow(clock);
      const row = {
        ...(spec.idColumn === 'id' && { id: randomUUID() }),
        ...values,
        archived_at: null,
        created_at: at,
        ...touched(at),
      };
      await db
        .insertInto(table)
        .values(row as never)
        .execute();
      return row as unknown as Row;
    },
    async update(value: string, changes: Updateable<Database[T]>): Promise<Row> {
      await db
        .updateTable(table)
        .set({ ...(changes as object), ...touched(isoNow(clock)) })
        .where(id, '=', value)
        .execute();
      return rows.require(value);
    },
    async setArchived(value: string, archived: boolean): Promise<Row> {
      const current = (await rows.require(value)) as { archived_at: string | null };
      if (archived === (current.archived_at !== null)) return current as Row;
      return rows.update(value, { archived_at: archived ? isoNow(clock) : null } as never);
    },
  };
  return rows;
}
