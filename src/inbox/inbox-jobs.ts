import { z } from 'zod';
import { defineJob } from '../jobs/index.js';

const ledgerId = z.object({ ledgerId: z.string().min(1) });

const processKinds = ['notification', 'recovery'] as const;

/** How a mail reaches its handler: announced (notification, reconciliation) or replayed by recovery. */
export type ProcessKind = (typeof processKinds)[number];

/**
 * The pipeline's jobs (`module.verb-noun`): each enqueued and handled through its definition, and each stored
 * payload checked before its handler runs. The `trigger` and `reason` some callers add are there for whoever
 * reads the jobs table; the handlers do not use them.
 */
export const inboxJobs = {
  ensureSubscription: defineJob(
    'inbox.ensure-subscription',
    z.object({
      resourceId: z.string().min(1),
      trigger: z.string().optional(),
      force: z.boolean().optional(),
    }),
  ),
  deleteSubscription: defineJob(
    'inbox.delete-subscription',
    z.object({ clientName: z.string(), email: z.string(), subscriptionId: z.string().min(1) }),
  ),
  processMessage: defineJob(
    'inbox.process-message',
    z.object({ ledgerId: z.string().min(1), kind: z.enum(processKinds) }),
  ),
  disposeMessage: defineJob('inbox.dispose-message', ledgerId),
  categoriseFailed: defineJob('inbox.categorise-failed', ledgerId),
  reconcileResource: defineJob(
    'inbox.reconcile-resource',
    z.object({ resourceId: z.string().min(1), reason: z.string().optional() }),
  ),
  runRecovery: defineJob('inbox.run-recovery', z.object({ taskId: z.string().min(1) })),
} as const;
