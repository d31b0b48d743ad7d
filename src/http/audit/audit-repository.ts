import { timeOrderedId } from '../../jobs/index.js';
import type { Store } from '../../store/index.js';

/** One admin action as the audit API shows it. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { kind: string; name: string | null };
  action: string;
  target: Record<string, string> | null;
  fields: string[] | null;
  status: number;
  ip: string | null;
  userAgent: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** Filters of the audit list; `since`/`until` are ISO timestamps. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  since?: string;
  until?: string;
  page?: number;
  pageSize?: number;
}

const parsed = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T));

/** The only code that reads and writes `audit_log`. */
export function createAuditRepository(store: Pick<Store, 'db'>) {
  return {
    async append(entry: NewAuditEntry): Promise<void> {
      await store.db
        .insertInto('audit_log')
        .values({
          id: timeOrderedId(Date.parse(entry.at)),
          at: entry.at,
          actor_kind: entry.actor.kind,
          actor_name: entry.actor.name,
          action: entry.action,
          target: entry.target ? JSON.stringify(entry.target) : null,
          fields: entry.fields ? JSON.stringify(entry.fields) : null,
          status: entry.status,
          ip: entry.ip,
          user_agent: entry.userAgent,
        })
        .execute();
    },

    /** Newest first, paged. */
    async list(
      query: AuditQuery,
    ): Promise<{ items: AuditEntry[]; total: number; page: number; pageSize: number }> {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 50;
      let base = store.db.selectFrom('audit_log');
      if (query.actor) base = base.where('actor_name', '=', query.actor);
      if (query.action) base = base.where('action', 'like', `%${query.action.replace(/[%_\\]/g, '')}%`);
      if (query.since) base = base.where('at', '>=', query.since);
      if (query.until) base = base.where('at', '<', query.until);
      const [rows, count] = await Promise.all([
        base
          .selectAll()
          .orderBy('id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst(),
      ]);
      return {
        items: rows.map((row) => ({
          id: row.id,
          at: row.at,
          actor: { kind: row.actor_kind, name: row.actor_name },
          action: row.action,
          target: parsed<Record<string, string>>(row.target),
          fields: parsed<string[]>(row.fields),
          status: Number(row.status),
          ip: row.ip,
          userAgent: row.user_agent,
        })),
        total: Number(count?.n ?? 0),
        page,
        pageSize,
      };
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
