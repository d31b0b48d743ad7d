import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import { isoNow } from '../../shared/index.js';
import { timeOrderedId } from '../../jobs/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../inbox-jobs.js';
import {
  findSubscriptionsByClientStates,
  findSubscriptionsByGraphIds,
} from '../resources/resource-repository.js';
import { createGroupCommit } from './group-commit.js';
import { parseNotificationBody, type NotificationItem } from './notification-body.js';

/** What intake did with one POST, for the answer, metrics and tests. */
interface IntakeResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  ignored: number;
  malformed: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares clientState in constant time, whatever the lengths (EmailEngine's lesson). */
export function clientStateMatches(expected: string | null, received: string | null): boolean {
  if (!expected || received === null) return false;
  return timingSafeEqual(digest(expected), digest(received));
}

/** `clientStateMatches` with the expected side's digest computed once per subscription and group. */
function createClientStateCheck() {
  const expectedDigests = new Map<string, Buffer>();
  return (expected: string | null, received: string | null): boolean => {
    if (!expected || received === null) return false;
    let wanted = expectedDigests.get(expected);
    if (!wanted) {
      wanted = digest(expected);
      expectedDigests.set(expected, wanted);
    }
    return timingSafeEqual(wanted, digest(received));
  };
}

interface Announced {
  resourceId: string;
  messageId: string;
  inactive: boolean;
}

const keyOf = (resourceId: string, messageId: string) => `${resourceId}\u0000${messageId}`;

/**
 * Records announced mails: each item needs a known subscription and its clientState; new mails become
 * Unprocessed ledger rows and, for active resources, fetch jobs — all in one transaction, before Graph gets 202.
 * POSTs arriving together share the lookup and the transaction (`group-commit.ts`).
 */
export function createNotificationIntake(deps: InboxDeps) {
  const { store, queue, clock, log, metrics } = deps;

  /** Checks one POST's items against the known subscriptions; returns its result so far and its new mails. */
  const classify = (
    items: NotificationItem[],
    malformed: number,
    bySubscription: Map<
      string | null,
      { resource_id: string; client_state: string | null; inactive: number }
    >,
    matches: (expected: string | null, received: string | null) => boolean,
  ) => {
    const result: IntakeResult = { accepted: 0, duplicates: 0, rejected: 0, ignored: 0, malformed };
    const mails: Announced[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const subscription = bySubscription.get(item.subscriptionId);
      if (!subscription || !matches(subscription.client_state, item.clientState)) {
        result.rejected += 1;
        log.warn(
          { subscriptionId: item.subscriptionId, known: Boolean(subscription) },
          'notification rejected: unknown subscription or clientState mismatch',
        );
        continue;
      }
      if (item.changeType !== 'created') {
        result.ignored += 1;
        continue;
      }
      const key = keyOf(subscription.resource_id, item.messageId);
      if (seen.has(key)) {
        result.duplicates += 1;
        continue;
      }
      seen.add(key);
      mails.push({
        resourceId: subscription.resource_id,
        messageId: item.messageId,
        inactive: subscription.inactive === 1,
      });
    }
    return { result, mails };
  };

  /** Writes new mails in one transaction; returns the keys that were new to the ledger. */
  const write = async (mails: Announced[]): Promise<Set<string>> => {
    if (mails.length === 0) return new Set();
    const now = isoNow(clock);
    return store.transaction(async (trx) => {
      const rows = await trx
        .insertInto('messages')
        .values(
          mails.map((mail) => ({
            // Time-ordered: appended to the ledger's key index instead of rewriting a random page (bench P1).
            id: timeOrderedId(),
            resource_id: mail.resourceId,
            graph_message_id: mail.messageId,
            status: 'unprocessed' as const,
            source: 'notification',
            attempts: 0,
            is_processed_duplicate: 0,
            first_seen_at: now,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['resource_id', 'graph_message_id']).doNothing())
        .returning(['id', 'resource_id', 'graph_message_id'])
        .execute();
      const inactive = new Set(mails.filter((m) => m.inactive).map((m) => m.resourceId));
      await queue.enqueueMany(
        trx,
        inboxJobs.processMessage,
        rows
          .filter((row) => !inactive.has(row.resource_id))
          .map((row) => ({
            payload: { ledgerId: row.id, kind: 'notification' },
            uniqueKey: `process:${row.id}`,
            maxAttempts: deps.settings.processAttempts,
          })),
      );
      await trx
        .updateTable('resource_subscriptions')
        .set({ last_notification_at: now })
        .where('resource_id', 'in', [...new Set(mails.map((m) => m.resourceId))])
        .execute();
      const inserted = new Set(rows.map((row) => keyOf(row.resource_id, row.graph_message_id)));
      await clearMissed(
        trx,
        mails.filter((mail) => !inserted.has(keyOf(mail.resourceId, mail.messageId))),
        now,
      );
      return inserted;
    });
  };

  /**
   * A mail that reconciliation recorded as missed was only early: its notification came after all. It no longer
   * counts as missed (so a reconciliation racing a notification does not make the inbox Degraded).
   */
  const clearMissed = async (trx: Kysely<Database>, known: Announced[], now: string) => {
    if (known.length === 0) return;
    const cleared = await trx
      .updateTable('messages')
      .set({ missed_at: null })
      .where('missed_at', 'is not', null)
      .where((eb) =>
        eb.or(
          known.map((mail) =>
            eb.and([eb('resource_id', '=', mail.resourceId), eb('graph_message_id', '=', mail.messageId)]),
          ),
        ),
      )
      .returning('resource_id')
      .execute();
    const perResource = new Map<string, number>();
    for (const row of cleared) perResource.set(row.resource_id, (perResource.get(row.resource_id) ?? 0) + 1);
    for (const [resourceId, n] of perResource) {
      await trx
        .updateTable('inbox_counters')
        .set((eb) => ({ value: eb('value', '-', n), updated_at: now }))
        .where('resource_id', '=', resourceId)
        .where('name', '=', 'missed-by-notifications')
        .execute();
    }
  };

  /**
   * Notifications of a subscription Graph created a moment ago can arrive before its id is stored; its
   * clientState, stored before the create, names the resource (the clientState check below still applies).
   */
  const addJustCreated = async (
    bySubscription: Map<
      string | null,
      { resource_id: string; client_state: string | null; inactive: number }
    >,
    posts: readonly { items: NotificationItem[] }[],
  ) => {
    const unknown = posts.flatMap((post) =>
      post.items.filter((item) => !bySubscription.has(item.subscriptionId) && item.clientState),
    );
    if (unknown.length === 0) return;
    const states = [...new Set(unknown.map((item) => item.clientState as string))];
    const pending = await findSubscriptionsByClientStates(store.db, states);
    const byState = new Map(pending.map((row) => [row.client_state, row]));
    for (const item of unknown) {
      const row = byState.get(item.clientState);
      if (row) bySubscription.set(item.subscriptionId, row);
    }
  };

  const group = createGroupCommit<{ items: NotificationItem[]; malformed: number }, IntakeResult>({
    weight: (post) => post.items.length,
    maxWeight: 1_000,
    async run(posts) {
      const ids = [...new Set(posts.flatMap((post) => post.items.map((item) => item.subscriptionId)))];
      const known = await findSubscriptionsByGraphIds(store.db, ids);
      const bySubscription = new Map(known.map((row) => [row.subscription_id, row]));
      await addJustCreated(bySubscription, posts);
      const matches = createClientStateCheck();
      const classified = posts.map((post) => classify(post.items, post.malformed, bySubscription, matches));
      const inserted = await write(classified.flatMap((c) => c.mails));
      // The first POST of a group that names a new mail counts it as accepted; the others as duplicates.
      return classified.map(({ result, mails }) => {
        for (const mail of mails) {
          if (inserted.delete(keyOf(mail.resourceId, mail.messageId))) result.accepted += 1;
          else result.duplicates += 1;
        }
        return result;
      });
    },
  });

  return {
    async accept(body: unknown): Promise<IntakeResult | null> {
      const parsed = parseNotificationBody(body);
      if (!parsed) return null;
      const result = await group.submit(parsed);
      for (const [outcome, n] of Object.entries(result)) if (n > 0) metrics.count(outcome, n);
      return result;
    },
  };
}
