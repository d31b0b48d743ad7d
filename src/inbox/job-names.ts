/** Names of the pipeline's jobs (`module.verb-noun`). */
export const inboxJobs = {
  ensureSubscription: 'inbox.ensure-subscription',
  deleteSubscription: 'inbox.delete-subscription',
  processMessage: 'inbox.process-message',
  disposeMessage: 'inbox.dispose-message',
  categoriseFailed: 'inbox.categorise-failed',
  reconcileResource: 'inbox.reconcile-resource',
  runRecovery: 'inbox.run-recovery',
  syncClient: 'inbox.sync-client',
} as const;
