import { sql, type Kysely } from 'kysely';
import type { Database, MessageStatus } from '../../store/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { listResourceRows, type ResourceRow, type SubscriptionRow } from './resource-repository.js';
import { resourceStateOf, type ResourceState } from './resource-state.js';

/** What the ledger says about one resource's mail: the one count every view (API, summary, metrics) shows. */
export interface ResourceHealth {
  counts: Record<MessageStatus, number>;
  /** Unprocessed for longer than the summary's threshold (the seed: 5 minutes). */
  unprocessedOverdue: number;
  /** Mails reconciliation found that no notification announced: ever, and within the missed-mail window. */
  missed: { total: number; recent: number; lastAt: string | null };
  /** Processed mails whose removal from the Inbox gave up (e.g. Graph 403 without Mail.ReadWrite). */
  disposalFailures: {
    count: number;
    lastAt: string | null;
    lastErrorCode: string | null;
    lastErrorMessage: string | null;
    hint: string | null;
  };
}

/** A resource with its subscription, its health and the state derived from both. */
export interface ResourceStatus {
  row: ResourceRow;
  subscription: SubscriptionRow | undefined;
  health: ResourceHealth;
  state: ResourceState;
  stateReason: string | null;
}

const hintsByCode: Readonly<Record<string, string>> = Object.freeze({
  MSI_GRAPH_ACCESS_DENIED:
    'grant the application permission Mail.ReadWrite with admin consent; the next reconciliation retries the disposal',
});

const emptyHealth = (): ResourceHealth => ({
  counts: { unprocessed: 0, processing: 0, processed: 0, skipped: 0, failed: 0, gone: 0 },
  unprocessedOverdue: 0,
  missed: { total: 0, recent: 0, lastAt: null },
  disposalFailures: { count: 0, lastAt: null, lastErrorCode: null, lastErrorMessage: null, hint: null },
});

async function readHealth(
  db: Kysely<Database>,
  ids: string[],
  limits: { overdueBefore: string; missedSince: string },
): Promise<Map<string, ResourceHealth>> {
  const health = new Map(ids.map((id) => [id, emptyHealth()]));
  if (ids.length === 0) return health;
  const of = (id: string) => health.get(id) ?? emptyHealth();
  const messages = db.selectFrom('messages').where('resource_id', 'in', ids);
  const n = db.fn.countAll<string | number>().as('n');

  // One pass over the ledger: the count per status, the overdue Unprocessed and the recent misses.
  const rows = await messages
    .select([
      'resource_id',
      'status',
      n,
      sql<
        number | string
      >`sum(case when status = 'unprocessed' and first_seen_at < ${limits.overdueBefore} then 1 else 0 end)`.as(
        'overdue',
      ),
      sql<number | string>`sum(case when missed_at >= ${limits.missedSince} then 1 else 0 end)`.as('missed'),
      sql<string | null>`max(case when missed_at >= ${limits.missedSince} then missed_at end)`.as(
        'last_missed',
      ),
    ])
    .groupBy(['resource_id', 'status'])
    .execute();
  for (const r of rows) {
    const h = of(r.resource_id);
    h.counts[r.status] = Number(r.n);
    h.unprocessedOverdue += Number(r.overdue);
    h.missed.recent += Number(r.missed);
    if (r.last_missed && (!h.missed.lastAt || r.last_missed > h.missed.lastAt))
      h.missed.lastAt = r.last_missed;
  }
  const totals = await db
    .selectFrom('inbox_counters')
    .select(['resource_id', 'value'])
    .where('name', '=', 'missed-by-notifications')
    .where('resource_id', 'in', ids)
    .execute();
  for (const r of totals) of(r.resource_id).missed.total = Number(r.value);

  const undisposed = messages.where('status', '=', 'processed').where('disposal_status', '=', 'failed');
  for (const r of await undisposed.select(['resource_id', n]).groupBy('resource_id').execute()) {
    const last = await undisposed
      .select(['disposal_error_code', 'disposal_error', 'updated_at'])
      .where('resource_id', '=', r.resource_id)
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    of(r.resource_id).disposalFailures = {
      count: Number(r.n),
      lastAt: last?.updated_at ?? null,
      lastErrorCode: last?.disposal_error_code ?? null,
      lastErrorMessage: last?.disposal_error ?? null,
      hint: hintsByCode[last?.disposal_error_code ?? ''] ?? null,
    };
  }
  return health;
}

/** Reads resources with their state and health in a handful of queries, for every view that shows them. */
export function createResourceHealth(deps: Pick<InboxDeps, 'store' | 'clock' | 'settings'>) {
  const { store, clock, settings } = deps;
  return {
    /** Resources (all, of one client, or the given rows) with subscription, health and state at the clock's now. */
    async list(options: { clientName?: string; rows?: ResourceRow[] } = {}): Promise<ResourceStatus[]> {
      const rows = options.rows ?? (await listResourceRows(store.db, options.clientName));
      const ids = rows.map((r) => r.id);
      const now = clock.now();
      const health = await readHealth(store.db, ids, {
        overdueBefore: new Date(now.getTime() - settings.unprocessedProblemAfterMs).toISOString(),
        missedSince: new Date(now.getTime() - settings.missedMailWindowMs).toISOString(),
      });
      const subscriptions =
        ids.length === 0
          ? []
          : await store.db
              .selectFrom('resource_subscriptions')
              .selectAll()
              .where('resource_id', 'in', ids)
              .execute();
      return rows.map((row) => {
        const subscription = subscriptions.find((s) => s.resource_id === row.id);
        const rowHealth = health.get(row.id) ?? emptyHealth();
        const { state, reason } = resourceStateOf(row.inactive === 1, subscription, now, rowHealth);
        return { row, subscription, health: rowHealth, state, stateReason: reason };
      });
    },

    /** Resources with mail Unprocessed since before `before` (an ISO time), with how many; for alert rules. */
    async unprocessedSince(before: string): Promise<Array<{ row: ResourceRow; count: number }>> {
      const counts = await store.db
        .selectFrom('messages')
        .select(['resource_id', store.db.fn.countAll<string | number>().as('n')])
        .where('status', '=', 'unprocessed')
        .where('first_seen_at', '<', before)
        .groupBy('resource_id')
        .execute();
      if (counts.length === 0) return [];
      const rows = await listResourceRows(store.db);
      return counts.flatMap(({ resource_id, n }) => {
        const row = rows.find((r) => r.id === resource_id);
        return row ? [{ row, count: Number(n) }] : [];
      });
    },
  };
}
