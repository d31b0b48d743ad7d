import { listResourceRows, findSubscription } from '../resources/resource-repository.js';
import { resourceStateOf, type ResourceState } from '../resources/resource-state.js';
import type { InboxDeps } from '../inbox-deps.js';

/** One inbox line of the status summary. */
export interface InboxSummaryLine {
  resourceId: string;
  clientName: string;
  email: string;
  state: ResourceState;
  stateReason: string | null;
  failed: number;
  unprocessedOverdue: number;
}

/** The summary the start-page card shows. */
export interface InboxSummary {
  /** True when nothing needs attention. */
  allWell: boolean;
  inboxes: InboxSummaryLine[];
}

/**
 * The seed's status add-on: failed mails, mails Unprocessed for more than 5 minutes, and each inbox's state.
 * Inactive inboxes appear only with `showInactive`; when nothing needs attention the summary is empty unless
 * `showAll`.
 */
export function createStatusSummary(deps: InboxDeps) {
  const { store, clock } = deps;
  return {
    async summarise(options: { showInactive?: boolean; showAll?: boolean } = {}): Promise<InboxSummary> {
      const now = clock.now();
      const overdueBefore = new Date(now.getTime() - deps.settings.unprocessedProblemAfterMs).toISOString();
      const counts = await store.db
        .selectFrom('messages')
        .select(['resource_id', 'status', store.db.fn.countAll<string | number>().as('n')])
        .where((eb) =>
          eb.or([
            eb('status', '=', 'failed'),
            eb.and([eb('status', '=', 'unprocessed'), eb('first_seen_at', '<', overdueBefore)]),
          ]),
        )
        .groupBy(['resource_id', 'status'])
        .execute();
      const countOf = (resourceId: string, status: string) =>
        Number(counts.find((c) => c.resource_id === resourceId && c.status === status)?.n ?? 0);

      const lines: InboxSummaryLine[] = [];
      for (const row of await listResourceRows(store.db)) {
        const { state, reason } = resourceStateOf(
          row.inactive === 1,
          await findSubscription(store.db, row.id),
          now,
        );
        lines.push({
          resourceId: row.id,
          clientName: row.client_name,
          email: row.email,
          state,
          stateReason: reason,
          failed: countOf(row.id, 'failed'),
          unprocessedOverdue: countOf(row.id, 'unprocessed'),
        });
      }
      const needsAttention = (line: InboxSummaryLine) =>
        line.failed > 0 || line.unprocessedOverdue > 0 || line.state === 'Expired' || line.state === 'Error';
      const visible = lines.filter((line) => line.state !== 'Inactive' || options.showInactive);
      const allWell = !visible.some(needsAttention);
      return { allWell, inboxes: allWell && !options.showAll ? [] : visible };
    },
  };
}

/** The status summary's type. */
export type StatusSummary = ReturnType<typeof createStatusSummary>;
