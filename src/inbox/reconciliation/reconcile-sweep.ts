import type { InboxDeps } from '../inbox-deps.js';
import { inboxJobs } from '../inbox-jobs.js';

/** Why a sweep reconciles: the hourly safety net, or a process start (mail of the downtime). */
type SweepReason = 'scheduled' | 'start';

/** The dedupe key of a resource's reconciliation job: while one is pending or running, another is not queued. */
const reconcileKeyOf = (resourceId: string): string => `reconcile:${resourceId}`;

/**
 * Queues one reconciliation job per resource, in one transaction. The jobs share their resource's dedupe key with
 * every other reconciliation (subscription created or recreated, lifecycle `missed`, re-activation), so several
 * instances starting together on PostgreSQL queue one job per resource, not one per instance.
 */
export function createReconcileSweep(deps: InboxDeps) {
  const { store, queue } = deps;
  return {
    /** Queues the jobs and returns how many resources they cover; `activeOnly` leaves inactive resources out. */
    async enqueue(reason: SweepReason, options: { activeOnly: boolean }): Promise<number> {
      let query = store.db.selectFrom('resources').select('id');
      if (options.activeOnly) query = query.where('inactive', '=', 0);
      const ids = (await query.execute()).map((r) => r.id);
      if (ids.length === 0) return 0;
      await store.transaction(async (trx) => {
        await queue.enqueueMany(
          trx,
          inboxJobs.reconcileResource,
          ids.map((id) => ({
            payload: { resourceId: id, reason },
            uniqueKey: reconcileKeyOf(id),
          })),
        );
      });
      return ids.length;
    },
  };
}
