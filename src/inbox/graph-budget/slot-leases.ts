import { sql } from 'kysely';
import type { Store } from '../../store/index.js';

/** The channel a release is announced on; its payload is the lane key (`client id|mailbox`). */
export const slotsChannel = 'msi_graph_slots';

/** One (app, mailbox) pair: Graph's limits hold per app registration and mailbox. */
export interface LaneKey {
  clientId: string;
  mailbox: string;
}

/** What one acquisition attempt found. */
export interface AcquireOutcome {
  /** True when the slots are now leased to the holder (and counted against the budget). */
  granted: boolean;
  /** Free slots another acquirer was taking at the same moment: worth trying again at once. */
  contended: boolean;
  /** True when the window's budget, not the slots, stopped the attempt. */
  overBudget: boolean;
  /** The earliest lease end of the slots held by others (ISO), when one is held. */
  nextExpiry: string | null;
  /** Start of the oldest bucket still counted in the window (ISO), when one is. */
  oldestBucket: string | null;
}

/** The numbers of one attempt, all ISO-8601 UTC strings written by the application clock. */
interface AcquireInput extends LaneKey {
  slots: number;
  maxConcurrent: number;
  holder: string;
  now: string;
  leaseUntil: string;
  /** The bucket this request is counted in. */
  bucket: string;
  /** Buckets starting after this still overlap the window. */
  countedAfter: string;
  budgetRequests: number;
}

/** Creates the lane's slot rows once (idempotent, safe for instances starting together). */
export async function ensureLane(store: Store, lane: LaneKey, maxConcurrent: number): Promise<void> {
  await sql`
    insert into graph_slots (client_id, mailbox, slot)
    select ${lane.clientId}, ${lane.mailbox}, s from generate_series(0, ${maxConcurrent - 1}::int) as s
    on conflict do nothing`.execute(store.db);
}

/**
 * One statement: takes `slots` free (or expired) slots all-or-nothing and counts them against the window,
 * unless that would exceed the budget. Rows another acquirer is locking are skipped, never waited for. The
 * budget sum is read before the locks, so racing acquirers can overshoot it by at most `maxConcurrent − 1`.
 */
export async function tryAcquireSlots(store: Store, input: AcquireInput): Promise<AcquireOutcome> {
  const { clientId, mailbox } = input;
  const result = await sql<{
    taken: number;
    unlocked_free: number;
    used: number;
    next_expiry: string | null;
    oldest_bucket: string | null;
  }>`
    with free as (
      select slot from graph_slots
      where client_id = ${clientId} and mailbox = ${mailbox} and slot < ${input.maxConcurrent}
        and (holder is null or lease_until <= ${input.now})
      order by slot
      limit ${input.slots}
      for update skip locked
    ),
    used as (
      select coalesce(sum(requests), 0)::int as requests, min(bucket_start) as oldest from graph_budget
      where client_id = ${clientId} and mailbox = ${mailbox} and bucket_start > ${input.countedAfter}
    ),
    granted as (
      select slot from free
      where (select count(*) from free) = ${input.slots}
        and (select requests from used) + ${input.slots} <= ${input.budgetRequests}
    ),
    taken as (
      update graph_slots set holder = ${input.holder}, lease_until = ${input.leaseUntil}
      where client_id = ${clientId} and mailbox = ${mailbox} and slot in (select slot from granted)
      returning slot
    ),
    counted as (
      insert into graph_budget (client_id, mailbox, bucket_start, requests)
      select ${clientId}::text, ${mailbox}::text, ${input.bucket}::text, ${input.slots}::int where exists (select 1 from granted)
      on conflict (client_id, mailbox, bucket_start)
      do update set requests = graph_budget.requests + excluded.requests
      returning requests
    )
    select
      (select count(*) from taken)::int as taken,
      (select count(*) from graph_slots where client_id = ${clientId} and mailbox = ${mailbox}
        and slot < ${input.maxConcurrent} and (holder is null or lease_until <= ${input.now}))::int as unlocked_free,
      (select requests from used) as used,
      (select min(lease_until) from graph_slots where client_id = ${clientId} and mailbox = ${mailbox}
        and slot < ${input.maxConcurrent} and lease_until > ${input.now}) as next_expiry,
      (select oldest from used) as oldest_bucket,
      (select count(*) from counted)::int as counted`.execute(store.db);
  const row = result.rows[0];
  if (!row) throw new Error('graph slot acquisition returned no row');
  const granted = row.taken === input.slots;
  const overBudget = !granted && row.used + input.slots > input.budgetRequests;
  return {
    granted,
    contended: !granted && !overBudget && row.unlocked_free >= input.slots,
    overBudget,
    nextExpiry: row.next_expiry,
    oldestBucket: row.oldest_bucket,
  };
}

/** Extends the lease of the slots `holder` still holds (a long request, such as a big attachment). */
export async function renewSlots(store: Store, lane: LaneKey, holder: string, leaseUntil: string) {
  await sql`
    update graph_slots set lease_until = ${leaseUntil}
    where client_id = ${lane.clientId} and mailbox = ${lane.mailbox} and holder = ${holder}`.execute(
    store.db,
  );
}

/**
 * Frees the slots `holder` holds and, in the same statement, wakes the instances waiting for the lane; the
 * payload ends in how many of its slots are free now, so a waiter that needs more does not try in vain.
 */
export async function releaseSlots(
  store: Store,
  lane: LaneKey,
  release: { holder: string; now: string; maxConcurrent: number },
): Promise<void> {
  const { clientId, mailbox } = lane;
  // The count reads the rows as they were before this statement, when the freed ones were still held.
  await sql`
    with freed as (
      update graph_slots set holder = null, lease_until = null
      where client_id = ${clientId} and mailbox = ${mailbox} and holder = ${release.holder}
      returning slot
    ),
    free_before as (
      select count(*) as slots from graph_slots
      where client_id = ${clientId} and mailbox = ${mailbox} and slot < ${release.maxConcurrent}
        and (holder is null or lease_until <= ${release.now})
    )
    select pg_notify(
      ${slotsChannel},
      ${laneKeyOf(lane)} || '|' || ((select slots from free_before) + (select count(*) from freed))::text
    )
    from (select 1 from freed limit 1) as any_freed`.execute(store.db);
}

/** Reads a release notification: which lane, and how many of its slots were free after it. */
export function parseRelease(payload: string): { laneKey: string; freeSlots: number } | null {
  const cut = payload.lastIndexOf('|');
  const freeSlots = Number(payload.slice(cut + 1));
  if (cut <= 0 || !Number.isInteger(freeSlots)) return null;
  return { laneKey: payload.slice(0, cut), freeSlots };
}

/** Deletes the lane's buckets that left the window. */
export async function pruneBuckets(store: Store, lane: LaneKey, countedAfter: string): Promise<void> {
  await store.db
    .deleteFrom('graph_budget')
    .where('client_id', '=', lane.clientId)
    .where('mailbox', '=', lane.mailbox)
    .where('bucket_start', '<=', countedAfter)
    .execute();
}

/** The lane's key in maps and notification payloads. */
export function laneKeyOf(lane: LaneKey): string {
  return `${lane.clientId}|${lane.mailbox}`;
}
