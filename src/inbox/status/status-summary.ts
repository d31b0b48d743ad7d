import { createResourceHealth, type ResourceStatus } from '../resources/resource-health.js';
import type { ResourceState } from '../resources/resource-state.js';
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
  /** Mails reconciliation found in the last 24 h that no notification announced (they make the inbox Degraded). */
  missedRecently: number;
  lastMissedAt: string | null;
  /** Processed mails whose removal from the Inbox gave up. */
  disposalFailures: number;
}

/** The summary the start-page card shows. */
export interface InboxSummary {
  /** True when nothing needs attention. */
  allWell: boolean;
  inboxes: InboxSummaryLine[];
}

const problemStates = new Set<ResourceState>(['Expired', 'Error', 'Degraded']);

const lineOf = ({ row, health, state, stateReason }: ResourceStatus): InboxSummaryLine => ({
  resourceId: row.id,
  clientName: row.client_name,
  email: row.email,
  state,
  stateReason,
  failed: health.counts.failed,
  unprocessedOverdue: health.unprocessedOverdue,
  missedRecently: health.missed.recent,
  lastMissedAt: health.missed.lastAt,
  disposalFailures: health.disposalFailures.count,
});

/** Whether an inbox line is a problem: failed or overdue mail, undisposed mail, or an Expired/Error/Degraded state. */
const hasProblem = (line: InboxSummaryLine): boolean =>
  line.failed > 0 ||
  line.unprocessedOverdue > 0 ||
  line.disposalFailures > 0 ||
  problemStates.has(line.state);

/**
 * The seed's status add-on: failed mails, mails Unprocessed for more than 5 minutes, and each inbox's state.
 * Only inboxes with a problem are listed, and inactive ones with `showInactive` (their overdue mail counts by the
 * same rule); when nothing needs attention the summary is empty. `showAll` lists every inbox shown.
 */
export function createStatusSummary(deps: InboxDeps) {
  const health = createResourceHealth(deps);
  return {
    async summarise(options: { showInactive?: boolean; showAll?: boolean } = {}): Promise<InboxSummary> {
      const shown = (await health.list())
        .map(lineOf)
        .filter((line) => line.state !== 'Inactive' || options.showInactive);
      const allWell = !shown.some(hasProblem);
      if (options.showAll) return { allWell, inboxes: shown };
      if (allWell) return { allWell, inboxes: [] };
      return { allWell, inboxes: shown.filter((line) => hasProblem(line) || line.state === 'Inactive') };
    },
  };
}
