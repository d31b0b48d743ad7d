import { GraphSyncStateGone } from '../../errors/index.js';
import type { DeltaPage } from '../../graph/index.js';
import { timeOrderedId } from '../../jobs/index.js';
import { isoNow } from '../../shared/index.js';
import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../inbox-jobs.js';
import { storableText } from '../processing/ledger.js';
import { findResource } from '../resources/resource-repository.js';

/** What one reconciliation found. */
interface ReconcileResult {
  resourceId: string;
  seen: number;
  added: number;
  /** Mails that arrived after the resource was added but were never announced by a notification. */
  missedByNotifications: number;
  fullResync: boolean;
}

/**
 * Delta reconciliation of a resource's Inbox (DESIGN §5): every mail Graph lists that the ledger does not know
 * becomes Unprocessed (and is processed when the resource is active). A 410 on the stored link means a full resync.
 */
export function createReconciler(deps: InboxDeps) {
  const { store, clock, queue, log } = deps;

  const recordPage = async (
    page: DeltaPage,
    resource: { id: string; inactive: number; created_at: string },
    result: ReconcileResult,
    pace: { startMs: number },
  ) => {
    if (page.messages.length === 0) return;
    const now = isoNow(clock);
    await store.transaction(async (trx) => {
      let missed = 0;
      for (const message of page.messages) {
        if (!message.id) continue;
        result.seen += 1;
        const missedNotification = Boolean(
          message.receivedDateTime && message.receivedDateTime > resource.created_at,
        );
        const inserted = await trx
          .insertInto('messages')
          .values({
            id: timeOrderedId(),
            resource_id: resource.id,
            graph_message_id: message.id,
            internet_message_id: storableText(message.internetMessageId, 100_000),
            received_at: storableText(message.receivedDateTime, 100),
            subject: storableText(message.subject, 1000),
            status: 'unprocessed',
            source: 'reconciliation',
            attempts: 0,
            is_processed_duplicate: 0,
            missed_at: missedNotification ? now : null,
            first_seen_at: now,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['resource_id', 'graph_message_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) continue;
        result.added += 1;
        if (missedNotification) missed += 1;
        if (resource.inactive === 0) {
          await queue.enqueue(trx, {
            job: inboxJobs.processMessage,
            payload: { ledgerId: inserted.id, kind: 'notification' },
            uniqueKey: `process:${inserted.id}`,
            maxAttempts: deps.settings.processAttempts,
            // The n-th mail found waits n × pace (see `reconcilePaceMs`): mailboxes interleave in the queue.
            runAt: new Date(pace.startMs + (result.added - 1) * deps.settings.reconcilePaceMs),
          });
        }
      }
      if (missed > 0) {
        result.missedByNotifications += missed;
        await trx
          .insertInto('inbox_counters')
          .values({
            resource_id: resource.id,
            name: 'missed-by-notifications',
            value: missed,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['resource_id', 'name']).doUpdateSet((eb) => ({
              value: eb('inbox_counters.value', '+', missed),
              updated_at: now,
            })),
          )
          .execute();
      }
    });
  };

  // A disposal that gave up (say Mail.ReadWrite was missing) stays Failed until a retry succeeds; each
  // reconciliation tries again, so granting the permission heals the Inbox within the hour.
  const retryFailedDisposals = async (resourceId: string) => {
    const failed = await store.db
      .selectFrom('messages')
      .select('id')
      .where('resource_id', '=', resourceId)
      .where('status', '=', 'processed')
      .where('disposal_status', '=', 'failed')
      .execute();
    await queue.enqueueMany(
      store.db,
      inboxJobs.disposeMessage,
      failed.map(({ id }) => ({
        payload: { ledgerId: id },
        uniqueKey: `dispose:${id}`,
      })),
    );
  };

  return {
    async reconcile(resourceId: string): Promise<ReconcileResult | null> {
      const resource = await findResource(store.db, resourceId);
      if (!resource) return null;
      const result: ReconcileResult = {
        resourceId,
        seen: 0,
        added: 0,
        missedByNotifications: 0,
        fullResync: false,
      };
      const stored = await store.db
        .selectFrom('delta_links')
        .select('delta_link')
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
      const delta = deps.graphFor(resource.client_name).delta;
      const pace = { startMs: clock.now().getTime() };
      const run = async (link: string | null) => {
        let last: string | null = null;
        for await (const page of delta.inbox(resource.email, link)) {
          await recordPage(page, resource, result, pace);
          if (page.deltaLink) last = page.deltaLink;
        }
        return last;
      };
      let deltaLink: string | null;
      try {
        deltaLink = await run(stored?.delta_link ?? null);
      } catch (error) {
        if (!GraphSyncStateGone.is(error)) throw error;
        log.info({ resourceId }, 'delta link expired; full resync');
        result.fullResync = true;
        deltaLink = await run(null);
      }
      if (deltaLink) {
        const now = isoNow(clock);
        await store.db
          .insertInto('delta_links')
          .values({ resource_id: resourceId, delta_link: deltaLink, updated_at: now })
          .onConflict((oc) =>
            oc.column('resource_id').doUpdateSet({ delta_link: deltaLink, updated_at: now }),
          )
          .execute();
      }
      if (resource.inactive === 0) await retryFailedDisposals(resourceId);
      if (result.missedByNotifications > 0) {
        log.warn(
          { resourceId, email: resource.email, missed: result.missedByNotifications },
          'reconciliation found mail that no notification announced',
        );
      }
      return result;
    },
  };
}
