import { collectJobHandlers, handleJob } from '../jobs/index.js';
import { createClientService } from './clients/client-service.js';
import { defaultInboxSettings, type InboxDeps, type InboxSettings } from './inbox-deps.js';
import { createInboxMetrics } from './inbox-metrics.js';
import { createLifecycleIntake } from './intake/lifecycle-intake.js';
import { createNotificationIntake } from './intake/notification-intake.js';
import { inboxJobs } from './inbox-jobs.js';
import { createMessageService } from './messages/message-service.js';
import { createDisposal } from './processing/disposal.js';
import { createMessageProcessor } from './processing/message-processor.js';
import { createReconcileSweep } from './reconciliation/reconcile-sweep.js';
import { createReconciler } from './reconciliation/reconciler.js';
import { createRecoveryService } from './recovery/recovery-service.js';
import { createResourceHealth } from './resources/resource-health.js';
import { createResourceService } from './resources/resource-service.js';
import { createStatusSummary } from './status/status-summary.js';
import { createSubscriptionManager } from './subscriptions/subscription-manager.js';
import { createSyncAndSave } from './subscriptions/sync-and-save.js';

/** What the inbox needs from the outside; metrics and settings have defaults. */
type CreateInboxDeps = Omit<InboxDeps, 'metrics' | 'settings'> & {
  metrics?: InboxDeps['metrics'];
  settings?: Partial<InboxSettings>;
};

/** A scheduled task of the inbox, registered with the scheduler by the composition root. */
interface InboxScheduledTask {
  name: string;
  cron: string;
  run: () => Promise<void>;
}

/** Builds the pipeline: services for the edge, job handlers for the workers, tasks for the scheduler. */
export function createInbox(input: CreateInboxDeps) {
  const deps: InboxDeps = {
    ...input,
    metrics: input.metrics ?? createInboxMetrics(),
    settings: { ...defaultInboxSettings, ...input.settings },
  };
  const subscriptions = createSubscriptionManager(deps);
  const processor = createMessageProcessor(deps);
  const disposal = createDisposal(deps);
  const reconciler = createReconciler(deps);
  const reconcileSweep = createReconcileSweep(deps);
  const recovery = createRecoveryService(deps, processor);
  const syncAndSave = createSyncAndSave(deps, subscriptions);

  const jobHandlers = collectJobHandlers(
    handleJob(inboxJobs.ensureSubscription, async ({ resourceId, force }) => {
      await subscriptions.ensure(resourceId, { force: force ?? false });
    }),
    handleJob(inboxJobs.deleteSubscription, async ({ clientName, email, subscriptionId }) => {
      await subscriptions.remove(clientName, email, subscriptionId);
    }),
    handleJob(inboxJobs.processMessage, async ({ ledgerId, kind }, context) => {
      await processor.process({
        ledgerId,
        kind,
        attempt: context.attempt,
        maxAttempts: context.maxAttempts,
        completeJob: context.completeIn,
      });
    }),
    handleJob(inboxJobs.disposeMessage, ({ ledgerId }, context) =>
      disposal.dispose(ledgerId, {
        attempt: context.attempt,
        maxAttempts: context.maxAttempts,
        completeJob: context.completeIn,
      }),
    ),
    handleJob(inboxJobs.categoriseFailed, ({ ledgerId }) => disposal.categoriseFailed(ledgerId)),
    handleJob(inboxJobs.reconcileResource, async ({ resourceId }) => {
      await reconciler.reconcile(resourceId);
    }),
    handleJob(inboxJobs.runRecovery, ({ taskId }) => recovery.run(taskId)),
  );

  const scheduledTasks: InboxScheduledTask[] = [
    {
      name: 'inbox.renew-subscriptions',
      cron: deps.settings.renewCron,
      run: async () => {
        const due = await subscriptions.dueForRenewal();
        await deps.store.transaction(async (trx) => {
          for (const id of due) {
            await deps.queue.enqueue(trx, {
              job: inboxJobs.ensureSubscription,
              payload: { resourceId: id, trigger: 'renewal' },
              uniqueKey: `subscription:${id}`,
            });
          }
        });
      },
    },
    {
      name: 'inbox.reconcile-all',
      cron: deps.settings.reconcileCron,
      run: async () => {
        await reconcileSweep.enqueue('scheduled', { activeOnly: false });
      },
    },
    {
      name: 'inbox.sync-and-save',
      cron: '17 3 * * *',
      run: async () => {
        await syncAndSave.run({ trigger: 'scheduled' });
      },
    },
  ];

  return {
    deps,
    metrics: deps.metrics,
    clients: createClientService(deps),
    resources: createResourceService(deps),
    health: createResourceHealth(deps),
    subscriptions,
    intake: createNotificationIntake(deps),
    lifecycle: createLifecycleIntake(deps),
    processor,
    disposal,
    reconciler,
    /**
     * Queues a reconciliation of every active resource from its delta link, so mail that arrived while the service
     * was down is processed now rather than at the next hourly sweep; returns how many resources it covers.
     */
    reconcileAtStart: () => reconcileSweep.enqueue('start', { activeOnly: true }),
    recovery,
    syncAndSave,
    messages: createMessageService(deps),
    status: createStatusSummary(deps),
    jobHandlers,
    scheduledTasks,
  };
}

/** The pipeline's type. */
export type Inbox = ReturnType<typeof createInbox>;
